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

  @Field({ description: "Whether this person confirmed their e-mail (the link sent at sign-up). Until the shop's owner has, the shop cannot invite nor e-mail customers." })
  emailVerified!: boolean;

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

@ObjectType("StaffInvitation", {
  description: "An invitation to the team that has not been accepted yet.",
})
export class StaffInvitationNode {
  @Field(() => ID, { description: "The invitation's id." })
  id!: string;

  @Field({ description: "Who was invited." })
  email!: string;

  @Field(() => StaffRole, {
    description: "The role they get when they accept.",
  })
  role!: StaffRole;

  @Field({ description: "When the link stops working." })
  expiresAt!: Date;

  @Field({ description: "When it was sent." })
  createdAt!: Date;
}

@ObjectType({
  description:
    "The shop's team: its members and the invitations still pending.",
})
export class Team {
  @Field(() => [StaffUserNode], {
    description: "Everyone who can sign in to the shop, oldest first.",
  })
  members!: StaffUserNode[];

  @Field(() => [StaffInvitationNode], {
    description: "Invitations not accepted yet and not expired.",
  })
  invitations!: StaffInvitationNode[];
}

@ObjectType({ description: "Result of `inviteStaff`." })
export class InviteStaffPayload {
  @Field(() => StaffInvitationNode, {
    nullable: true,
    description: "The invitation, whose link was e-mailed.",
  })
  invitation!: StaffInvitationNode | null;

  @Field(() => [UserError], {
    description:
      "INVALID_EMAIL (not an address, or already someone's), EMAIL_NOT_VERIFIED (confirm your own e-mail first); empty on success.",
  })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of `changeStaffRole`." })
export class ChangeStaffRolePayload {
  @Field(() => StaffUserNode, {
    nullable: true,
    description: "The member with their new role.",
  })
  member!: StaffUserNode | null;

  @Field(() => [UserError], {
    description:
      "NOT_FOUND, or INVALID_TRANSITION for the shop's last OWNER; empty on success.",
  })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of `removeStaff`." })
export class RemoveStaffPayload {
  @Field({
    description: "True when the member is gone and their sessions ended.",
  })
  removed!: boolean;

  @Field(() => [UserError], {
    description:
      "NOT_FOUND, or INVALID_TRANSITION for the shop's last OWNER; empty on success.",
  })
  userErrors!: UserError[];
}

@ObjectType("StaffSession", { description: "One of your signed-in sessions (a browser or device)." })
export class StaffSessionNode {
  @Field(() => ID, { description: "The session's id, for revokeSession." })
  id!: string;

  @Field({ description: "True for the session this request comes from." })
  current!: boolean;

  @Field(() => String, { nullable: true, description: 'The device, from the browser\'s User-Agent ("Chrome on Windows"); null when unknown.' })
  device!: string | null;

  @Field({ description: "When it signed in." })
  createdAt!: Date;

  @Field({ description: "When it was last used (to the minute)." })
  lastSeenAt!: Date;

  @Field({ description: "When it stops working unless you sign in again." })
  expiresAt!: Date;
}

@ObjectType({ description: "Result of changePassword, resetPassword and revokeSession." })
export class AccountPayload {
  @Field({ description: "True when it was done." })
  done!: boolean;

  @Field(() => [UserError], { description: "What was wrong; empty on success." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of requestPasswordReset: the same whether or not the e-mail has an account." })
export class RequestPasswordResetPayload {
  @Field({ description: "True: if the e-mail has an account, a link is on its way." })
  requested!: boolean;

  @Field(() => Int, { nullable: true, description: "When refused with THROTTLED: seconds to wait before asking again." })
  retryAfterSeconds!: number | null;

  @Field(() => [UserError], { description: "THROTTLED after too many requests; empty otherwise." })
  userErrors!: UserError[];
}
