using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BalkanHub.Aggregator.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddFeedLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FeedLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Participant = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SecretHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LastUsedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedLinks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FeedLinks_Participant",
                table: "FeedLinks",
                column: "Participant");

            migrationBuilder.CreateIndex(
                name: "IX_FeedLinks_SecretHash",
                table: "FeedLinks",
                column: "SecretHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FeedLinks");
        }
    }
}
