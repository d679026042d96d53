/** An open server-sent event stream: everything read so far, and a wait for a piece of text in it. */
export async function openEventStream(url: string) {
  const res = await fetch(url);
  const reader = res.body!.getReader();
  const stream = {
    res,
    text: '',
    async readUntil(needle: string): Promise<void> {
      while (!stream.text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream closed before "${needle}"`);
        stream.text += new TextDecoder().decode(value);
      }
    },
    close: () => reader.cancel(),
  };
  await stream.readUntil(': connected');
  return stream;
}
