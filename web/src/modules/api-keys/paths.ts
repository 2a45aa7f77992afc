/** The settings page for API keys (OWNER and MANAGER). */
export const API_KEYS_PATH = "/settings/api-keys";
