import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { mutationPayload } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { toStaffUserNode } from "./auth.resolver";
import { ChangeStaffRolePayload, InviteStaffPayload, LoginPayload, RemoveStaffPayload, StaffInvitationNode, Team } from "./auth.types";
import { StaffInvitation } from "./invitation.entity";
import { StaffRole } from "./roles";
import { TeamService } from "./team.service";

const toInvitationNode = (i: StaffInvitation): StaffInvitationNode => ({
  id: String(i.id),
  email: i.email,
  role: i.role,
  expiresAt: i.expiresAt,
  createdAt: i.createdAt,
});

@Resolver()
export class TeamResolver {
  constructor(private readonly teamService: TeamService) {}

  @Query(() => Team, {
    description: "Your shop's members and pending invitations. Any staff user.",
  })
  async team(@Ctx() ctx: RequestContext): Promise<Team> {
    const view = await this.teamService.team(requireCaller(ctx).shopId);
    return {
      members: view.members.map(toStaffUserNode),
      invitations: view.invitations.map(toInvitationNode),
    };
  }

  @Mutation(() => InviteStaffPayload, {
    description: `E-mails an invitation to join your team with \`role\`: a link \`<PUBLIC_URL>/invite/<token>\` that works once, for 7 days. MANAGER or OWNER; only an OWNER invites an OWNER. A new invitation to the same address replaces the pending one. Refused with EMAIL_NOT_VERIFIED until your own e-mail is confirmed (verifyEmail).`,
  })
  async inviteStaff(
    @Arg("email", { description: "Their e-mail (any case)." }) email: string,
    @Arg("role", () => StaffRole, { description: "The role they get." })
    role: StaffRole,
    @Ctx() ctx: RequestContext,
  ): Promise<InviteStaffPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<InviteStaffPayload>(
      async () => ({
        invitation: toInvitationNode(await this.teamService.invite(caller, email, role)),
      }),
      { invitation: null },
    );
  }

  @Mutation(() => LoginPayload, {
    description:
      "Public, no sign-in: takes an invitation's token (once), creates the account with your name and password (at least 10 characters) and logs you in. An unknown, used or expired token: LINK_EXPIRED.",
  })
  async acceptInvitation(
    @Arg("token", { description: "The token from the invitation link." })
    token: string,
    @Arg("name", { description: "Your full name, shown on what you do." })
    name: string,
    @Arg("password", {
      description: "Your new password, at least 10 characters.",
    })
    password: string,
    @Ctx() ctx: RequestContext,
  ): Promise<LoginPayload> {
    return mutationPayload<LoginPayload>(
      async () => {
        const result = await this.teamService.accept(token, name, password, ctx.userAgent ?? null);
        return {
          token: result.token,
          expiresAt: result.expiresAt,
          user: toStaffUserNode(result.user),
          retryAfterSeconds: null,
        };
      },
      { token: null, expiresAt: null, user: null, retryAfterSeconds: null },
    );
  }

  @Mutation(() => ChangeStaffRolePayload, {
    description: "Changes a member's role, at once. OWNER only; the shop's last OWNER stays one.",
  })
  async changeStaffRole(
    @Arg("staffUserId", () => ID, {
      description: "The member (a StaffUser id).",
    })
    staffUserId: string,
    @Arg("role", () => StaffRole, { description: "Their new role." })
    role: StaffRole,
    @Ctx() ctx: RequestContext,
  ): Promise<ChangeStaffRolePayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<ChangeStaffRolePayload>(
      async () => ({
        member: toStaffUserNode(await this.teamService.changeRole(caller, parseId(staffUserId) ?? 0, role)),
      }),
      { member: null },
    );
  }

  @Mutation(() => RemoveStaffPayload, {
    description: "Removes a member from the team: their sessions end at once (open WebSockets close). OWNER only; the shop's last OWNER cannot be removed.",
  })
  async removeStaff(
    @Arg("staffUserId", () => ID, {
      description: "The member (a StaffUser id).",
    })
    staffUserId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<RemoveStaffPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<RemoveStaffPayload>(
      async () => {
        await this.teamService.remove(caller, parseId(staffUserId) ?? 0);
        return { removed: true };
      },
      { removed: false },
    );
  }
}
