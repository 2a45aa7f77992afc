import { randomUUID } from "node:crypto";
import { Logger } from "../../infra/logging/logger";
import { describeMailError, Mailer } from "../../infra/mail/mailer";

export type StaffMailKind = "INVITATION" | "PASSWORD_RESET" | "VERIFY_EMAIL";

type Locale = "pt-BR" | "en" | "pl";

const TEXTS: Record<
  Locale,
  Record<
    StaffMailKind,
    {
      subject: (shop: string) => string;
      body: (shop: string, link: string, expires: string) => string;
      action: string;
    }
  >
> = {
  "pt-BR": {
    INVITATION: {
      subject: (shop) => `Convite para a equipe de ${shop} no Ruptura`,
      body: (shop, _link, expires) => `Você foi convidado(a) para a equipe de ${shop}. Abra o link para definir sua senha. O link vale até ${expires} e pode ser usado uma vez.`,
      action: "Aceitar o convite",
    },
    PASSWORD_RESET: {
      subject: (shop) => `Redefinir sua senha de ${shop} no Ruptura`,
      body: (_shop, _link, expires) => `Alguém pediu para redefinir sua senha. Se foi você, abra o link até ${expires}; ele pode ser usado uma vez. Se não foi, ignore esta mensagem.`,
      action: "Redefinir a senha",
    },
    VERIFY_EMAIL: {
      subject: (shop) => `Confirme seu e-mail para ${shop} no Ruptura`,
      body: (shop, _link, expires) => `Bem-vindo(a) ao Ruptura! Abra o link para confirmar que este e-mail é seu e liberar os e-mails de ${shop} para clientes e equipe. O link vale até ${expires} e pode ser usado uma vez.`,
      action: "Confirmar o e-mail",
    },
  },
  en: {
    INVITATION: {
      subject: (shop) => `You are invited to ${shop}'s team on Ruptura`,
      body: (shop, _link, expires) => `You were invited to ${shop}'s team. Open the link to set your password. The link works until ${expires}, once.`,
      action: "Accept the invitation",
    },
    PASSWORD_RESET: {
      subject: (shop) => `Reset your ${shop} password on Ruptura`,
      body: (_shop, _link, expires) => `Someone asked to reset your password. If it was you, open the link before ${expires}; it works once. If not, ignore this message.`,
      action: "Reset the password",
    },
    VERIFY_EMAIL: {
      subject: (shop) => `Confirm your e-mail for ${shop} on Ruptura`,
      body: (shop, _link, expires) => `Welcome to Ruptura! Open the link to confirm this e-mail is yours and let ${shop} send e-mail to customers and the team. The link works until ${expires}, once.`,
      action: "Confirm the e-mail",
    },
  },
  pl: {
    INVITATION: {
      subject: (shop) => `Zaproszenie do zespołu ${shop} w Ruptura`,
      body: (shop, _link, expires) => `Zaproszono Cię do zespołu ${shop}. Otwórz link, aby ustawić hasło. Link działa do ${expires}, jeden raz.`,
      action: "Przyjmij zaproszenie",
    },
    PASSWORD_RESET: {
      subject: (shop) => `Zmiana hasła do ${shop} w Ruptura`,
      body: (_shop, _link, expires) => `Ktoś poprosił o zmianę Twojego hasła. Jeśli to Ty, otwórz link przed ${expires}; działa jeden raz. Jeśli nie, zignoruj tę wiadomość.`,
      action: "Zmień hasło",
    },
    VERIFY_EMAIL: {
      subject: (shop) => `Potwierdź e-mail dla ${shop} w Ruptura`,
      body: (shop, _link, expires) => `Witamy w Ruptura! Otwórz link, aby potwierdzić, że ten e-mail należy do Ciebie, i pozwolić ${shop} wysyłać e-maile do klientów i zespołu. Link działa do ${expires}, jeden raz.`,
      action: "Potwierdź e-mail",
    },
  },
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * E-mail to staff (invitations, password resets, e-mail verification), through the same Mailer as customer e-mail (SMTP, or .eml
 * files under MAIL_DIR). The mailer is handed over when the notification pipeline is created;
 * until then (or without e-mail at all) sending fails with a clear error.
 */
export class StaffMail {
  private mailer: Mailer | null = null;
  private logger: Logger | null = null;

  constructor(
    private readonly from: (shopName: string) => string | { name: string; address: string },
    private readonly publicHost: string,
  ) {}

  use(mailer: Mailer, logger?: Logger): void {
    this.mailer = mailer;
    this.logger = logger ?? null;
  }

  /** Sends without making the caller wait or fail (a password reset answers the same either way); a failure is logged. */
  sendInBackground(input: Parameters<StaffMail["send"]>[0]): void {
    this.send(input).catch((error) => this.logger?.error({ kind: input.kind, error: describeMailError(error) }, "staff e-mail failed"));
  }

  async send(input: { kind: StaffMailKind; to: string; locale: string; shopName: string; link: string; expiresAt: Date; timeZone?: string }): Promise<void> {
    if (!this.mailer) throw new Error("No mailer: staff e-mail needs SMTP_URL or MAIL_DIR (the notification pipeline)");
    const locale: Locale = input.locale === "pt-BR" || input.locale === "pl" ? input.locale : "en";
    const texts = TEXTS[locale][input.kind];
    const expires = new Intl.DateTimeFormat(locale, {
      dateStyle: "long",
      timeStyle: "short",
      timeZone: input.timeZone ?? "UTC",
    }).format(input.expiresAt);
    const body = texts.body(input.shopName, input.link, expires);
    await this.mailer.send({
      from: this.from(input.shopName),
      to: input.to,
      subject: texts.subject(input.shopName),
      text: `${body}\n\n${input.link}\n`,
      html: `<!doctype html><html lang="${locale}"><body><p>${escape(body)}</p><p><a href="${escape(input.link)}">${escape(texts.action)}</a></p><p>${escape(input.link)}</p></body></html>`,
      messageId: `<staff-${randomUUID()}@${this.publicHost}>`,
      language: locale,
    });
  }
}
