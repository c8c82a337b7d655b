export declare const SOURCE_DIGEST_FILE: string;
export declare function sourceDigest(repo: string): string;
