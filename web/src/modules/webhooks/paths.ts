/** The settings page for webhooks (OWNER and MANAGER). */
export const WEBHOOKS_PATH = "/settings/webhooks";
