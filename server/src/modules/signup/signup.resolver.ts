import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { mutationPayload } from "../../infra/graphql/errors";
import { toStaffUserNode } from "../auth/auth.resolver";
import { LoginThrottled } from "../auth/auth.service";
import { LoginPayload } from "../auth/auth.types";
import { EMAIL_VERIFICATION_HOURS, EmailVerificationService } from "../auth/email-verification.service";
import { FirstStepsService } from "./first-steps.service";
import { SignupService } from "./signup.service";
import { FirstSteps, ResendVerificationEmailPayload, SignUpInput, VerifyEmailPayload } from "./signup.types";

@Resolver()
export class SignupResolver {
  constructor(
    private readonly signup: SignupService,
    private readonly verification: EmailVerificationService,
    private readonly steps: FirstStepsService,
  ) {}

  @Query(() => Boolean, { description: "Public: whether this server lets anyone create a shop with signUp (the login page offers it); false when SIGNUP=false." })
  signUpOpen(): boolean {
    return this.signup.open;
  }

  @Mutation(() => LoginPayload, {
    description: `Public: creates a shop and its OWNER in one transaction, logs them in (like login) and e-mails a link \`<PUBLIC_URL>/verify-email/<token>\` to confirm the address (once, ${EMAIL_VERIFICATION_HOURS} hours). Every wrong field is reported at once; EMAIL_TAKEN when the e-mail has an account; SIGNUP_CLOSED when the server has SIGNUP=false; THROTTLED (with retryAfterSeconds) past 10 sign-ups an hour from one address.`,
  })
  async signUp(@Arg("input", () => SignUpInput, { description: "The shop and its owner." }) input: SignUpInput, @Ctx() ctx: RequestContext): Promise<LoginPayload> {
    const refused = { token: null, expiresAt: null, user: null, retryAfterSeconds: null };
    try {
      return await mutationPayload<LoginPayload>(async () => {
        const result = await this.signup.signUp(input, ctx.clientAddress ?? null, ctx.userAgent ?? null);
        return { token: result.token, expiresAt: result.expiresAt, user: toStaffUserNode(result.user), retryAfterSeconds: null };
      }, refused);
    } catch (error) {
      if (error instanceof LoginThrottled) return { ...refused, retryAfterSeconds: error.retryAfterSeconds, userErrors: [error.error] };
      throw error;
    }
  }

  @Mutation(() => VerifyEmailPayload, {
    description: "Public, no sign-in: takes an e-mail verification link's token (once) and marks the address confirmed. LINK_INVALID, LINK_USED, LINK_EXPIRED or EMAIL_CHANGED otherwise.",
  })
  async verifyEmail(@Arg("token", { description: "The token from the link." }) token: string): Promise<VerifyEmailPayload> {
    return mutationPayload<VerifyEmailPayload>(async () => ({ verified: true, email: await this.verification.verify(token) }), { verified: false, email: null });
  }

  @Mutation(() => ResendVerificationEmailPayload, { description: "E-mails you a new link to confirm your address (3 an hour from one address; then THROTTLED with retryAfterSeconds). ALREADY_VERIFIED when there is nothing to confirm." })
  async resendVerificationEmail(@Ctx() ctx: RequestContext): Promise<ResendVerificationEmailPayload> {
    const caller = requireCaller(ctx);
    try {
      return await mutationPayload<ResendVerificationEmailPayload>(
        async () => {
          await this.verification.resend(caller, ctx.clientAddress ?? null);
          return { sent: true, retryAfterSeconds: null };
        },
        { sent: false, retryAfterSeconds: null },
      );
    } catch (error) {
      if (error instanceof LoginThrottled) return { sent: false, retryAfterSeconds: error.retryAfterSeconds, userErrors: [error.error] };
      throw error;
    }
  }

  @Query(() => FirstSteps, { description: "Your shop's first steps (confirm the e-mail, add products, set the payout account, invite the team, create an API key), each done or not." })
  async firstSteps(@Ctx() ctx: RequestContext): Promise<FirstSteps> {
    return this.steps.forCaller(requireCaller(ctx));
  }
}
