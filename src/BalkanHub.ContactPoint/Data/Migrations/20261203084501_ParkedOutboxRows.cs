using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BalkanHub.ContactPoint.Data.Migrations
{
    /// <inheritdoc />
    public partial class ParkedOutboxRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ParkedAt",
                table: "OutboxMessages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Resolution",
                table: "OutboxMessages",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ParkedAt",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "Resolution",
                table: "OutboxMessages");
        }
    }
}
