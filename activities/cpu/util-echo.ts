/** `util.echo`: returns its input unchanged. */
export function utilEcho<T>(input: T): Promise<T> {
  return Promise.resolve(input);
}
