import { Field, ID, Int, ObjectType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { ShopNode } from "../shops/shop.types";
import { StaffRole } from "./roles";

@ObjectType("StaffUser", { description: "A person at the merchant who uses the dashboard." })
export class StaffUserNode {
  @Field(() => ID, { description: "The staff user's id." })
  id!: string;

  @Field({ description: "Full name, shown on the events this person causes." })
  name!: string;

  @Field({ description: "Login e-mail." })
  email!: string;

  @Field(() => StaffRole, { description: "What this person may do; the UI hides what the role cannot do, the server refuses it with FORBIDDEN." })
  role!: StaffRole;

  /** Resolved by the shop field resolver. */
  shopId!: number;
}

@ObjectType({ description: "Result of `login`: a session token on success, userErrors otherwise." })
export class LoginPayload {
  @Field(() => String, {
    nullable: true,
    description: "Bearer token for the `Authorization` header and the WebSocket `connectionParams.authorization`. Shown once.",
  })
  token!: string | null;

  @Field(() => Date, { nullable: true, description: "When the token stops working." })
  expiresAt!: Date | null;

  @Field(() => StaffUserNode, { nullable: true, description: "The user who logged in." })
  user!: StaffUserNode | null;

  @Field(() => Int, { nullable: true, description: "When refused with THROTTLED: seconds to wait before trying again." })
  retryAfterSeconds!: number | null;

  @Field(() => [UserError], { description: "What was wrong with the input; empty on success." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of `logout`." })
export class LogoutPayload {
  @Field({ description: "True when the session has ended." })
  loggedOut!: boolean;

  @Field(() => [UserError], { description: "What was wrong with the input; empty on success." })
  userErrors!: UserError[];
}

export { ShopNode };
