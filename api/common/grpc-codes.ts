// gRPC status codes the Temporal service answers with, and where an error carries one.

export const GRPC = {
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  UNAVAILABLE: 14,
} as const;

/** The gRPC code of a client error: on its cause (a ServiceError), or on itself (a raw gRPC error). */
export function grpcCodeOf(err: unknown): number | undefined {
  return (
    (err as { code?: number; cause?: { code?: number } } | null)?.cause?.code ??
    (err as { code?: number } | null)?.code
  );
}
