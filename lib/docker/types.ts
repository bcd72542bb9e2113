/** Shapes the engine adapter hands to features, where dockerode's own types are not the right fit. */

export type EngineInfo =
  | {
      reachable: true;
      dockerHost: string;
      version: string;
      apiVersion: string;
      os: string;
      arch: string;
      kernelVersion: string;
      operatingSystem: string;
      storageDriver: string;
      images: number;
      containers: number;
      containersRunning: number;
    }
  | { reachable: false; dockerHost: string; error: string };

/** An image as the list endpoint reports it, already out of the engine's shape. */
export type ListedImage = {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  /** Unix seconds. */
  created: number;
  size: number;
};
