// Shared by the server-side schemas and the forms' hints; kept apart so client code does not pull in the password list.
export const PASSWORD_MIN_LENGTH = 12;
// Bounded so a megabyte "password" cannot tie up the hasher.
export const PASSWORD_MAX_LENGTH = 256;
export const NEW_PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters. Common passwords are refused.`;
