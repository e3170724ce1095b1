export declare const REGISTRY_FILE: string;
export declare function moduleClassName(name: string): string;
export declare function registryText(root: string): Promise<string>;
export declare function writeRegistry(root: string): Promise<boolean>;
