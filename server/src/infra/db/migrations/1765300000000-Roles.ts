import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from "typeorm";

/**
 * Team and roles (issue 13): each staff user has a role, OWNER, MANAGER or OPERATOR. Everyone
 * there before (the demo user among them) becomes OWNER: they could do everything until now.
 * Invitations to the team by e-mail: the token hashed, used once, with an expiry. Password
 * resets the same way (30 minutes). Sessions say their device and when they were last used.
 */
export class Roles1765300000000 implements MigrationInterface {
  name = "Roles1765300000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn("staff_user", new TableColumn({ name: "role", type: "varchar", length: "16", default: "'OWNER'" }));
    await q.query("UPDATE staff_user SET role = 'OWNER'");
    await q.createTable(
      new Table({
        name: "staff_invitation",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "shop_id", type: "integer" },
          { name: "email", type: "varchar", length: "254" },
          { name: "role", type: "varchar", length: "16" },
          { name: "token_hash", type: "varchar", length: "64" },
          { name: "invited_by", type: "integer" },
          { name: "expires_at", type: "datetime", precision: 3 },
          { name: "accepted_at", type: "datetime", precision: 3, isNullable: true },
          { name: "created_at", type: "datetime", precision: 3 },
        ],
        indices: [
          new TableIndex({ name: "IDX_staff_invitation_token_hash", columnNames: ["token_hash"], isUnique: true }),
          new TableIndex({ name: "IDX_staff_invitation_shop_id_email", columnNames: ["shop_id", "email"] }),
        ],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: "password_reset",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "staff_user_id", type: "integer" },
          { name: "token_hash", type: "varchar", length: "64" },
          { name: "expires_at", type: "datetime", precision: 3 },
          { name: "used_at", type: "datetime", precision: 3, isNullable: true },
          { name: "created_at", type: "datetime", precision: 3 },
        ],
        indices: [
          new TableIndex({ name: "IDX_password_reset_token_hash", columnNames: ["token_hash"], isUnique: true }),
          new TableIndex({ name: "IDX_password_reset_staff_user_id", columnNames: ["staff_user_id"] }),
        ],
      }),
      true,
    );
    await q.addColumn("staff_session", new TableColumn({ name: "user_agent", type: "varchar", length: "255", isNullable: true }));
    await q.addColumn("staff_session", new TableColumn({ name: "last_seen_at", type: "datetime", precision: 3, isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn("staff_session", "last_seen_at");
    await q.dropColumn("staff_session", "user_agent");
    await q.dropTable("password_reset", true);
    await q.dropTable("staff_invitation", true);
    await q.dropColumn("staff_user", "role");
  }
}
