using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BalkanHub.Aggregator.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IndexItemsBySourceMessage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Items_SourceMessageId",
                table: "Items",
                column: "SourceMessageId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Items_SourceMessageId",
                table: "Items");
        }
    }
}
