/** A rendered Kubernetes object, as parsed from YAML. */
export type KubernetesObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any object's fields, read by tests
  [field: string]: any;
};
export declare const ROOT: string;
export declare const DEPLOY_DIR: string;
export declare const OVERLAYS: readonly string[];
export declare const RENDERED: readonly string[];
export declare function kubectlStatus(): { available: boolean; reason: string };
export declare function renderOverlay(dir: string): string;
export declare function parseManifests(text: string): KubernetesObject[];
export declare function validateOverlay(dir: string): Promise<{ objects: KubernetesObject[]; problems: string[] }>;
export declare function validateObjects(objects: readonly unknown[]): Promise<string[]>;
