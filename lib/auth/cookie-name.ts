export const SESSION_COOKIE_NAME = "dashboard_session";
