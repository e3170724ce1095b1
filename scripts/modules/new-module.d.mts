export declare function refusal(root: string, name: string | undefined): string | null;
export declare function createModule(root: string, name: string, timestamp?: number): Promise<string[]>;
