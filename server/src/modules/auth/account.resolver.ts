import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { mutationPayload } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { AccountService, describeDevice, PASSWORD_RESET_MINUTES } from "./account.service";
import { LoginThrottled } from "./auth.service";
import { AccountPayload, RequestPasswordResetPayload, StaffSessionNode } from "./auth.types";

@Resolver()
export class AccountResolver {
  constructor(private readonly account: AccountService) {}

  @Mutation(() => AccountPayload, { description: "Changes your password (at least 10 characters) after checking the current one. Your other sessions end at once; this one stays." })
  async changePassword(
    @Arg("currentPassword", { description: "Your password now." }) currentPassword: string,
    @Arg("newPassword", { description: "The new one." }) newPassword: string,
    @Ctx() ctx: RequestContext,
  ): Promise<AccountPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<AccountPayload>(
      async () => {
        await this.account.changePassword(caller, currentPassword, newPassword);
        return { done: true };
      },
      { done: false },
    );
  }

  @Mutation(() => RequestPasswordResetPayload, {
    description: `Public, no sign-in: e-mails a link \`<PUBLIC_URL>/reset-password/<token>\` (once, ${PASSWORD_RESET_MINUTES} minutes) if the e-mail has an account; the answer is the same either way. 3 requests per e-mail and address, 5 per e-mail, 20 per address, an hour; then THROTTLED.`,
  })
  async requestPasswordReset(@Arg("email", { description: "Your login e-mail." }) email: string, @Ctx() ctx: RequestContext): Promise<RequestPasswordResetPayload> {
    try {
      await this.account.requestReset(email, ctx.clientAddress ?? null);
      return { requested: true, retryAfterSeconds: null, userErrors: [] };
    } catch (error) {
      if (error instanceof LoginThrottled) return { requested: false, retryAfterSeconds: error.retryAfterSeconds, userErrors: [error.error] };
      throw error;
    }
  }

  @Mutation(() => AccountPayload, {
    description: "Public, no sign-in: sets a new password with a reset link's token (once, within 30 minutes). Every session of the account ends. Unknown, used or expired: LINK_EXPIRED.",
  })
  async resetPassword(
    @Arg("token", { description: "The token from the link." }) token: string,
    @Arg("password", { description: "The new password, at least 10 characters." }) password: string,
  ): Promise<AccountPayload> {
    return mutationPayload<AccountPayload>(
      async () => {
        await this.account.resetPassword(token, password);
        return { done: true };
      },
      { done: false },
    );
  }

  @Query(() => [StaffSessionNode], { description: "Your signed-in sessions, newest first; `current` marks this one." })
  async mySessions(@Ctx() ctx: RequestContext): Promise<StaffSessionNode[]> {
    const sessions = await this.account.sessions(requireCaller(ctx));
    return sessions.map((s) => ({ id: String(s.id), current: s.current, device: describeDevice(s.userAgent), createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, expiresAt: s.expiresAt }));
  }

  @Mutation(() => AccountPayload, { description: "Ends one of your sessions (e.g. a lost device): its token stops working and its WebSockets close at once." })
  async revokeSession(@Arg("sessionId", () => ID, { description: "A StaffSession id from mySessions." }) sessionId: string, @Ctx() ctx: RequestContext): Promise<AccountPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<AccountPayload>(
      async () => {
        await this.account.revokeSession(caller, parseId(sessionId) ?? 0);
        return { done: true };
      },
      { done: false },
    );
  }
}
