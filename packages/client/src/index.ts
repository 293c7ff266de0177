export {
  createPipecraftClient,
  isPipecraftError,
  TRPCClientError,
  type PipecraftClient,
  type PipecraftClientOptions,
} from './create-pipecraft-client.js';
export type { AppRouter, RouterInputs, RouterOutputs } from './router.js';
