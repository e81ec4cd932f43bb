/**
 * How large a colleague group may be: the one rule for a group made on /groups (kollegaveiledning)
 * and one grown member by member on /me/sharing, since both are the same group (issue 15: 3–8).
 */
export const GROUP_MIN = 3;
export const GROUP_MAX = 8;
