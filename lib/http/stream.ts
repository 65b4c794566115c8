// A response streamed from an async source (a CSV export of every audit entry). Two rules:
//  - the first chunk is read before the response starts, so a failure there (a bad filter that got
//    through, the database down) is a proper error answer, not a 200 that stops after the headers;
//  - a failure later errors the stream, which cuts the connection before the end of the chunked
//    body: clients and browsers report an incomplete download, never a complete-looking file.
// Chunks are pulled one at a time as the client reads, so memory stays flat whatever the size.
export async function streamedResponse(
  source: AsyncIterable<string>,
  init: ResponseInit,
  label: string,
): Promise<Response> {
  const iterator = source[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  let next = await iterator.next();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (next.done) {
        controller.close();
        return;
      }
      const chunk = next.value;
      try {
        next = await iterator.next();
      } catch (error) {
        console.error(
          `[stream] ${label} failed part way; the download is cut short so it cannot pass for complete:`,
          error instanceof Error ? error.message : error,
        );
        controller.error(error);
        return;
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(stream, init);
}
