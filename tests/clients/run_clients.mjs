// Drives the real npm Akismet clients against a live `rejoinder serve`, prints one JSON object.
// Usage: node run_clients.mjs BASE_URL KEY BLOG   (called by tests/akismet/test_clients.py)
//
// akismet-api puts the key in the host name (http://KEY.rejoinder.test:PORT/1.1/comment-check).
// A deployment answers that with a wildcard DNS record (*.akismet.example.org); here the same
// record is made for *.rejoinder.test by answering Node's own name look-up with the loopback.
import dns from "node:dns";
import { createRequire } from "node:module";
import { Author, Blog, CheckResult, Client, Comment } from "@cedx/akismet";

const require = createRequire(import.meta.url);
const { AkismetClient } = require("akismet-api");

const [base, key, blogUrl] = process.argv.slice(2);
const port = new URL(base).port;

const systemLookup = dns.lookup;
dns.lookup = (hostname, options, callback) => {
  if (typeof options === "function") [callback, options] = [options, {}];
  if (hostname === "rejoinder.test" || hostname.endsWith(".rejoinder.test")) {
    const all = typeof options === "object" && options.all;
    return process.nextTick(() =>
      all ? callback(null, [{ address: "127.0.0.1", family: 4 }]) : callback(null, "127.0.0.1", 4),
    );
  }
  return systemLookup(hostname, options, callback);
};

const ham = {
  ip: "198.51.100.23",
  useragent: "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
  name: "Margaret Okafor",
  email: "m.okafor@example.net",
  content:
    "I went to the council meeting last week and the plan for the new bus lanes was discussed for nearly " +
    "two hours. Residents on Hill Street are worried about parking, which this article does not mention.",
  type: "comment",
};
const spam = {
  ip: "203.0.113.99",
  name: "best online casino bonus",
  email: "seo4u@mailinator.com",
  url: "http://cheap-casino-bonus.xyz",
  content:
    "Great post!!! Visit <a href='http://cheap-casino-bonus.xyz'>casino bonus</a> and <a " +
    "href='http://cheap-viagra.top'>cheap viagra</a> buy now http://bit.ly/xyz http://cheap-viagra.top/buy",
};

async function attempt(fn) {
  try {
    return await fn();
  } catch (error) {
    return { error: String(error.message ?? error) };
  }
}

async function akismetApi() {
  const options = { key, blog: blogUrl, host: `rejoinder.test:${port}`, protocol: "http" };
  const client = new AkismetClient(options);
  const wrong = new AkismetClient({ ...options, key: "zzzzzzzzzzzz" });
  return {
    verify: await attempt(() => client.verifyKey()),
    verifyWrongKey: await attempt(() => wrong.verifyKey()),
    ham: await attempt(() => client.checkSpam(ham)),
    spam: await attempt(() => client.checkSpam(spam)),
    honeypot: await attempt(() => client.checkSpam({ ...ham, honeypot: "http://cheap-viagra.top" })),
    testValue: await attempt(() => client.checkSpam({ ...ham, name: "viagra-test-123", isTest: true })),
    admin: await attempt(() => client.checkSpam({ ...spam, role: "administrator" })),
    wrongKeyCheck: await attempt(() => wrong.checkSpam(ham)),
    submitSpam: await attempt(async () => (await client.submitSpam(spam)).text),
    submitHam: await attempt(async () => (await client.submitHam(ham)).text),
  };
}

async function cedx() {
  const blog = new Blog({ url: blogUrl, charset: "UTF-8", languages: ["en", "fr"] });
  const client = new Client(key, blog, { baseUrl: base });
  const author = (fields) =>
    new Author({ ipAddress: fields.ip, name: fields.name, email: fields.email, url: fields.url, userAgent: fields.useragent, role: fields.role });
  const comment = (fields) =>
    new Comment({ author: author(fields), content: fields.content, type: "comment", context: ["news", "transport"], date: new Date() });
  const name = (result) => Object.keys(CheckResult).find((k) => CheckResult[k] === result);
  const testClient = new Client(key, blog, { baseUrl: base, isTest: true });
  return {
    verify: await attempt(() => client.verifyKey()),
    verifyWrongKey: await attempt(() => new Client("zzzzzzzzzzzz", blog, { baseUrl: base }).verifyKey()),
    ham: await attempt(async () => name(await client.checkComment(comment(ham)))),
    spam: await attempt(async () => name(await client.checkComment(comment(spam)))),
    testValue: await attempt(async () => name(await testClient.checkComment(comment({ ...ham, email: "akismet-guaranteed-spam@example.com" })))),
    admin: await attempt(async () => name(await client.checkComment(comment({ ...spam, role: "administrator" })))),
    submitSpam: await attempt(async () => (await client.submitSpam(comment(spam)), "ok")),
    submitHam: await attempt(async () => (await client.submitHam(comment(ham)), "ok")),
    wrongKeyCheck: await attempt(async () => name(await new Client("zzzzzzzzzzzz", blog, { baseUrl: base }).checkComment(comment(ham)))),
  };
}

console.log(JSON.stringify({ akismetApi: await akismetApi(), cedx: await cedx() }));
