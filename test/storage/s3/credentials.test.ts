import { Readable } from "node:stream";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isFlytekitError } from "../../../src/engine/errors.js";
import { FileAccess } from "../../../src/storage/files.js";
import { S3Backend } from "../../../src/storage/s3/s3-backend.js";
import { hasMoto, type S3TestServer, startS3Server, useS3Env } from "../../helpers/s3-server.js";
import { type FaultProxy, startFaultProxy } from "./fault-proxy.js";
import { boto, seededBytes } from "./support.js";

interface AccessKey {
  readonly id: string;
  readonly secret: string;
}

/**
 * Two IAM users on the moto server, one allowed every S3 action and one
 * allowed nothing, made with boto3 while the server still accepts anything.
 */
function makeUsers(): { writer: AccessKey; nobody: AccessKey } {
  return boto(`
iam = boto3.client("iam", endpoint_url=os.environ["AWS_ENDPOINT_URL_S3"], region_name="us-east-1")
def user(name, policy):
    iam.create_user(UserName=name)
    if policy:
        iam.put_user_policy(UserName=name, PolicyName="s3", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return {"id": key["AccessKeyId"], "secret": key["SecretAccessKey"]}
allow = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
print(json.dumps({"writer": user("writer", allow), "nobody": user("nobody", None)}))
`);
}

const WRONG_SECRET = "wrong-secret-value-9c1e5b7a33";

describe.skipIf(!hasMoto)("S3 credentials, checked by a server that enforces them", () => {
  let server: S3TestServer;
  let restoreEnv: () => void;
  let proxy: FaultProxy;
  let keys: { writer: AccessKey; nobody: AccessKey };
  const uriOf = (key: string) => `s3://${server.bucket}/${key}`;

  /** Storage signing with `key`, through a counting proxy. */
  function filesWith(key: AccessKey): FileAccess {
    const files = new FileAccess(uriOf("raw"));
    const credentials = { accessKeyId: key.id, secretAccessKey: key.secret };
    files.register(
      "s3",
      new S3Backend({ clientConfig: { endpoint: proxy.endpoint, credentials } }),
    );
    return files;
  }

  /** The error of `attempt`, checked to be a clear, single-request, secret-free failure. */
  async function failure(attempt: () => Promise<unknown>, secret: string) {
    const before = proxy.seen.length;
    const error = await attempt().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isFlytekitError(error)).toBe(true);
    // Permanent: not retried.
    expect(proxy.seen.length - before).toBe(1);
    const everything = `${String(error)}\n${inspect(error, { depth: 8 })}`;
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(keys.writer.secret);
    expect(everything).not.toMatch(/X-Amz-Signature=\w/);
    return error as Error & { code: string };
  }

  beforeAll(async () => {
    server = await startS3Server();
    restoreEnv = useS3Env(server);
    keys = makeUsers();
    // From now on moto checks every signature and every permission.
    const enforce = await fetch(`${server.endpoint}/moto-api/reset-auth`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "0",
    });
    expect(enforce.status).toBe(200);
    proxy = await startFaultProxy(server.endpoint);
  });
  afterAll(async () => {
    await proxy?.stop();
    restoreEnv?.();
    await server?.stop();
  });

  it("works with valid credentials, multipart uploads included", async () => {
    const files = filesWith(keys.writer);
    const data = seededBytes(9 * 1024 * 1024, 50);
    await files.writeStream(uriOf("signed/ok.bin"), Readable.from([Buffer.from(data)]));
    expect(Buffer.from(await files.readBytes(uriOf("signed/ok.bin"))).equals(data)).toBe(true);
  });

  it("a wrong secret key fails at once with SignatureDoesNotMatch, without the secret", async () => {
    const files = filesWith({ id: keys.writer.id, secret: WRONG_SECRET });
    const uri = uriOf("signed/wrong-secret.bin");
    const error = await failure(() => files.writeBytes(uri, new Uint8Array(8)), WRONG_SECRET);
    expect(error.code).toBe("bad_credentials");
    expect(error.message).toBe(
      `cannot write ${uri}: the request signature does not match; check the secret access key ` +
        "(SignatureDoesNotMatch, HTTP 403)",
    );
  });

  it("an unknown access key id fails at once with InvalidAccessKeyId", async () => {
    const files = filesWith({ id: "AKIAUNKNOWNKEY000000", secret: WRONG_SECRET });
    const uri = uriOf("signed/unknown-key.bin");
    const error = await failure(() => files.readBytes(uri), WRONG_SECRET);
    expect(error.code).toBe("bad_credentials");
    expect(error.message).toBe(
      `cannot read ${uri}: the access key id is not known to the server (InvalidAccessKeyId, HTTP 403)`,
    );
  });

  it("a user without permission gets access_denied naming the URI", async () => {
    const files = filesWith(keys.nobody);
    const uri = uriOf("signed/denied.bin");
    const error = await failure(() => files.writeBytes(uri, new Uint8Array(8)), keys.nobody.secret);
    expect(error.code).toBe("access_denied");
    expect(error.message).toBe(`cannot write ${uri}: access denied (AccessDenied, HTTP 403)`);
  });

  it("a streamed write with bad credentials fails instead of hanging, and leaves nothing", async () => {
    const files = filesWith({ id: keys.writer.id, secret: WRONG_SECRET });
    const uri = uriOf("signed/streamed.bin");
    const source = Readable.from([Buffer.from(seededBytes(12 * 1024 * 1024, 51))]);
    const error = await files.writeStream(uri, source).catch((caught: unknown) => caught);
    expect(isFlytekitError(error) && error.code).toBe("bad_credentials");
    expect(String(error)).not.toContain(WRONG_SECRET);
    expect(await filesWith(keys.writer).size(uri)).toBeUndefined();
  });
});
