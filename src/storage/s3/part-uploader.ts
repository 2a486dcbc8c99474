import type { CompletedPart } from "@aws-sdk/client-s3";
import type { UploadSettings } from "./client-config.js";
import { PartBuffers } from "./part-buffers.js";
import { MAX_PARTS, maxUploadSize, partSize } from "./part-sizes.js";
import type { UploadRequests } from "./upload-requests.js";

/**
 * Turns a stream of bytes of unknown length into an S3 object: one PUT when
 * it fits in the first part, else a multipart upload whose parts go up while
 * later bytes are still being appended.
 *
 * Memory is bounded by the settings: at most `queueSize` parts are sending and
 * one more is filling, each in a buffer reused from part to part (see
 * {@link PartBuffers}). Appended bytes are copied straight into the filling
 * part, and strings are encoded straight into it, so no other copy is made.
 * `append` waits while every sending slot is busy, which is what pushes back
 * on the writer.
 *
 * The first failure stops everything: later calls reject with it, requests in
 * flight are cancelled and the multipart upload is aborted on the server.
 */
export class PartUploader {
  readonly #requests: UploadRequests;
  readonly #settings: UploadSettings;
  readonly #cancel: AbortController;
  readonly #onFailure: (error: unknown) => void;
  readonly #buffers = new PartBuffers();
  readonly #sending = new Set<Promise<void>>();
  readonly #parts: CompletedPart[] = [];

  /** Number of the part being filled. */
  #partNumber = 1;
  #part: Buffer | undefined;
  #filled = 0;
  #uploadId: Promise<string> | undefined;
  #failure: { readonly error: unknown } | undefined;
  #aborted: Promise<void> | undefined;

  /**
   * @param cancel aborted on the first failure, so that `requests` (built on
   *   its signal) stop at once.
   * @param onFailure told of the first failure as soon as it happens.
   */
  constructor(
    requests: UploadRequests,
    settings: UploadSettings,
    cancel: AbortController,
    onFailure: (error: unknown) => void,
  ) {
    this.#requests = requests;
    this.#settings = settings;
    this.#cancel = cancel;
    this.#onFailure = onFailure;
  }

  /** Copies bytes into the upload; resolves once they are in a part buffer. */
  async append(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.byteLength) {
      const part = await this.#partWithRoom();
      const length = Math.min(bytes.byteLength - offset, part.byteLength - this.#filled);
      part.set(bytes.subarray(offset, offset + length), this.#filled);
      this.#filled += length;
      offset += length;
    }
  }

  /** Encodes a string into the upload without an intermediate buffer when it fits. */
  async appendString(text: string, encoding: BufferEncoding): Promise<void> {
    if (text.length === 0) return;
    const part = await this.#partWithRoom();
    if (Buffer.byteLength(text, encoding) <= part.byteLength - this.#filled) {
      this.#filled += part.write(text, this.#filled, encoding);
      return;
    }
    await this.append(Buffer.from(text, encoding));
  }

  /**
   * Sends what is left and makes the object appear: with one PUT when no part
   * was sent yet, else by completing the multipart upload.
   */
  async finish(): Promise<void> {
    this.#throwIfFailed();
    const part = this.#part ?? Buffer.alloc(0);
    if (this.#partNumber === 1) {
      await this.#requests.put(part.subarray(0, this.#filled)).catch((error) => this.#fail(error));
    } else {
      // The filling part always holds at least one byte: a full part is only
      // sent once a byte arrives for the next one.
      await this.#send(part);
      await Promise.all(this.#sending);
      this.#throwIfFailed();
      const uploadId = await this.#startedUpload();
      const parts = this.#parts.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
      await this.#requests.complete(uploadId, parts).catch((error) => this.#fail(error));
    }
    this.#throwIfFailed();
    this.#buffers.clear();
  }

  /**
   * Cancels the requests in flight, waits for them to settle and aborts the
   * multipart upload, so that no parts stay stored. Safe to call more than
   * once; failures of the clean-up itself are ignored (the server may be gone).
   */
  abort(): Promise<void> {
    this.#aborted ??= (async () => {
      this.#cancel.abort();
      await Promise.all(this.#sending);
      this.#buffers.clear();
      const uploadId = await this.#uploadId?.catch(() => undefined);
      if (uploadId !== undefined) await this.#requests.abort(uploadId).catch(() => undefined);
    })();
    return this.#aborted;
  }

  /** The filling part, after sending a full one (and waiting for a slot) when needed. */
  async #partWithRoom(): Promise<Buffer> {
    this.#throwIfFailed();
    if (this.#part && this.#filled < this.#part.byteLength) return this.#part;
    if (this.#part) {
      await this.#send(this.#part);
      this.#partNumber++;
      this.#throwIfFailed();
    }
    if (this.#partNumber > MAX_PARTS) {
      const limit = maxUploadSize(this.#settings.partSize);
      this.#fail(
        new Error(`the stream is longer than the ${limit} bytes S3's ${MAX_PARTS} parts hold`),
      );
      this.#throwIfFailed();
    }
    this.#part = this.#buffers.take(partSize(this.#partNumber, this.#settings.partSize));
    this.#filled = 0;
    return this.#part;
  }

  /** Starts sending the filling part once a sending slot is free. */
  async #send(part: Buffer): Promise<void> {
    while (this.#sending.size >= this.#settings.queueSize) await Promise.race(this.#sending);
    this.#throwIfFailed();
    const body = part.subarray(0, this.#filled);
    const partNumber = this.#partNumber;
    this.#part = undefined;
    const sending: Promise<void> = this.#sendPart(partNumber, body)
      .catch((error: unknown) => this.#fail(error))
      .finally(() => {
        this.#buffers.give(part);
        this.#sending.delete(sending);
      });
    this.#sending.add(sending);
  }

  async #sendPart(partNumber: number, body: Buffer): Promise<void> {
    const uploadId = await this.#startedUpload();
    this.#cancel.signal.throwIfAborted();
    this.#parts.push(await this.#requests.uploadPart(uploadId, partNumber, body));
  }

  /**
   * The multipart upload's id, starting the upload on first use. Never after
   * abort() began: an upload started then would be left behind, since
   * abort() looks for the id only once.
   */
  #startedUpload(): Promise<string> {
    if (!this.#uploadId && this.#cancel.signal.aborted) {
      return Promise.reject(this.#cancel.signal.reason);
    }
    this.#uploadId ??= this.#requests.create();
    return this.#uploadId;
  }

  #fail(error: unknown): void {
    if (this.#failure) return;
    this.#failure = { error };
    this.#onFailure(error);
    void this.abort();
  }

  #throwIfFailed(): void {
    if (this.#failure) throw this.#failure.error;
  }
}
