// Paths of a kdamond's directories under the DAMON sysfs root.
export const kdamondPath = (k: number): string => `kdamonds/${k}`;
export const contextPath = (k: number, c: number): string => `kdamonds/${k}/contexts/${c}`;
export const schemePath = (k: number, c: number, s: number): string => `${contextPath(k, c)}/schemes/${s}`;
