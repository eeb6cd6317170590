/** Path of the committed action bundle. */
export declare const BUNDLE: string;
/** Builds the action bundle from src/action/entry.ts and returns its text (writes nothing). */
export declare function bundleAction(): Promise<string>;
