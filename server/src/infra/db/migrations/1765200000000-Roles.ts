import { MigrationInterface, QueryRunner, TableColumn } from "typeorm";

/**
 * Team and roles (issue 13): each staff user has a role, OWNER, MANAGER or OPERATOR. Everyone
 * there before (the demo user among them) becomes OWNER: they could do everything until now.
 */
export class Roles1765200000000 implements MigrationInterface {
  name = "Roles1765200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn("staff_user", new TableColumn({ name: "role", type: "varchar", length: "16", default: "'OWNER'" }));
    await q.query("UPDATE staff_user SET role = 'OWNER'");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn("staff_user", "role");
  }
}
