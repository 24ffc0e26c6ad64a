// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of luod's pieces that need no kernel: names, the section
 * parser, negotiation, the policy, the manifest, JSON, the protocol and
 * image snapshots.
 * Output: one "ok"/"not ok" line per test, then "N passed, N failed".
 */
#include <endian.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "error.h"
#include "json.h"
#include "luod.h"
#include "manifest.h"
#include "negotiate.h"
#include "policy.h"
#include "proto.h"
#include "section.h"
#include "snapshot.h"
#include "versions.h"

struct options opts;

static int failures;

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "  %s:%d: CHECK(%s) failed\n",	\
				__FILE__, __LINE__, #cond);		\
			failures++;					\
		}							\
	} while (0)

#define CHECK_ERR(call, text)						\
	do {								\
		CHECK((call) < 0);					\
		if (!strstr(last_error(), text)) {			\
			fprintf(stderr, "  %s:%d: error \"%s\" lacks \"%s\"\n", \
				__FILE__, __LINE__, last_error(), text); \
			failures++;					\
		}							\
	} while (0)

static void test_compat(void)
{
	char type[COMPAT_LEN];
	unsigned int v;

	CHECK(!compat_split("memfd-v2", type, &v));
	CHECK(!strcmp(type, "memfd") && v == 2);
	CHECK(!compat_split("a-very-long-v-name-v17", type, &v));
	CHECK(!strcmp(type, "a-very-long-v-name") && v == 17);
	CHECK_ERR(compat_split("memfd", type, &v), "not \"<type>-v<N>\"");
	CHECK_ERR(compat_split("-v1", type, &v), "not \"<type>-v<N>\"");
	CHECK_ERR(compat_split("memfd-v", type, &v), "not \"<type>-v<N>\"");
	CHECK_ERR(compat_split("memfd-v1a", type, &v), "not a number");
	CHECK_ERR(compat_split("memfd-v0", type, &v), "version 0");
	CHECK_ERR(compat_split("memfd-v99999999999", type, &v), "too large");
	CHECK_ERR(compat_split("mem fd-v1", type, &v), "not printable");
}

static void test_table(void)
{
	struct table t = { 0 };
	unsigned int v[4];

	CHECK(!table_add(&t, "memfd-v1", KIND_FILE, CAP_READ, 0));
	CHECK(!table_add(&t, "memfd-v3", KIND_FILE, CAP_READ | CAP_WRITE, 1));
	CHECK(!table_add(&t, "memfd-v2", KIND_FILE, CAP_READ | CAP_WRITE | 8, 0));
	CHECK_ERR(table_add(&t, "memfd-v2", KIND_FILE, CAP_READ, 0), "twice");
	CHECK_ERR(table_add(&t, "x-v1", 9, CAP_READ, 0), "unknown kind 9");
	CHECK(t.count == 3);
	CHECK(t.entries[2].caps == (CAP_READ | CAP_WRITE));
	CHECK(table_newest(&t, "memfd", CAP_WRITE) == 3);
	CHECK(table_newest(&t, "memfd", CAP_READ) == 3);
	CHECK(table_selected(&t, "memfd") == 3);
	CHECK(table_versions(&t, "memfd", CAP_READ, v, 4) == 3);
	CHECK(v[0] == 1 && v[1] == 2 && v[2] == 3);
	CHECK(table_versions(&t, "memfd", CAP_WRITE, v, 4) == 2);
	CHECK(!table_has_type(&t, "kho"));
	table_free(&t);
}

static size_t put_entry(unsigned char *p, const char *compat, uint32_t kind,
			uint32_t caps, size_t esize)
{
	uint32_t k = htole32(kind), c = htole32(caps);

	memset(p, 0, esize);
	strncpy((char *)p, compat, 48);
	memcpy(p + 48, &k, 4);
	memcpy(p + 52, &c, 4);
	return esize;
}

static size_t put_hdr(unsigned char *p, uint32_t magic, uint32_t format,
		      uint32_t esize, uint32_t count)
{
	uint32_t h[4] = { htole32(magic), htole32(format), htole32(esize),
			  htole32(count) };

	memcpy(p, h, 16);
	return 16;
}

static void test_section(void)
{
	unsigned char buf[512];
	struct table t = { 0 };
	size_t n;

	n = put_hdr(buf, LVUP_MAGIC, 1, 56, 2);
	n += put_entry(buf + n, "kho-v1", KIND_CORE, 3, 56);
	n += put_entry(buf + n, "memfd-v2", KIND_FILE, 1, 56);
	CHECK(!section_parse(buf, n, &t));
	CHECK(t.count == 2 && t.entries[1].version == 2 &&
	      t.entries[1].caps == CAP_READ &&
	      t.entries[1].selected == SELECTED_UNKNOWN);
	table_free(&t);

	/* A larger entry (a later format revision) is fine. */
	n = put_hdr(buf, LVUP_MAGIC, 1, 64, 1);
	n += put_entry(buf + n, "luo-v1", KIND_CORE, 3, 64);
	CHECK(!section_parse(buf, n, &t));
	CHECK(t.count == 1);
	table_free(&t);

	CHECK_ERR(section_parse(buf, 8, &t), "too small for its header");
	put_hdr(buf, 0x12345678, 1, 56, 0);
	CHECK_ERR(section_parse(buf, 16, &t), "bad magic 0x12345678");
	put_hdr(buf, LVUP_MAGIC, 2, 56, 0);
	CHECK_ERR(section_parse(buf, 16, &t), "unknown format 2");
	put_hdr(buf, LVUP_MAGIC, 1, 40, 0);
	CHECK_ERR(section_parse(buf, 16, &t), "entry size 40 is smaller");
	put_hdr(buf, LVUP_MAGIC, 1, 56, 0x40000000);
	CHECK_ERR(section_parse(buf, 72, &t), "do not fit");
	put_hdr(buf, LVUP_MAGIC, 1, 0xffffffff, 0xffffffff);
	CHECK_ERR(section_parse(buf, 72, &t), "do not fit");

	n = put_hdr(buf, LVUP_MAGIC, 1, 56, 1);
	memset(buf + n, 'a', 56);
	CHECK_ERR(section_parse(buf, n + 56, &t), "not NUL-terminated");
	n = put_hdr(buf, LVUP_MAGIC, 1, 56, 1);
	put_entry(buf + n, "memfd-v1", 7, 3, 56);
	CHECK_ERR(section_parse(buf, n + 56, &t), "entry 0: memfd-v1: unknown kind 7");
	table_free(&t);
}

/* A table from "compat:kind:caps" strings. */
static void mk(struct table *t, const char *const *specs)
{
	memset(t, 0, sizeof(*t));
	for (; *specs; specs++) {
		char c[COMPAT_LEN];
		unsigned int kind, caps;

		sscanf(*specs, "%47[^:]:%u:%u", c, &kind, &caps);
		if (table_add(t, c, kind, caps, SELECTED_UNKNOWN))
			fprintf(stderr, "  bad spec %s: %s\n", *specs, last_error());
	}
}

static const struct choice *choice(const struct negotiation *n,
				   const char *type)
{
	static const struct choice none = { .verdict = -1 };
	const struct choice *c = negotiation_find(n, type);

	return c ? c : &none;
}

static void test_negotiate(void)
{
	static const char *const old_spec[] = { "kho-v1:1:3", "luo-v1:1:3",
		"memfd-v1:2:3", NULL };
	static const char *const new_spec[] = { "kho-v1:1:3", "luo-v1:1:3",
		"memfd-v1:2:3", "memfd-v2:2:3", "fdbox-v1:3:3", NULL };
	static const char *const next_spec[] = { "kho-v1:1:3", "luo-v1:1:3",
		"luo-v2:1:3", "memfd-v2:2:3", NULL };
	static const char *const ro_spec[] = { "kho-v1:1:1", "luo-v1:1:3",
		"memfd-v1:2:1", "memfd-v2:2:3", NULL };
	const char *memfd[] = { "memfd" };
	struct table old, new, next, ro;
	struct negotiation n;

	mk(&old, old_spec);
	mk(&new, new_spec);
	mk(&next, next_spec);
	mk(&ro, ro_spec);

	/* old -> new: memfd v1 is the only common version. */
	CHECK(!negotiate(&n, &old, "old", &new, "new", memfd, 1, false));
	CHECK(n.compatible);
	CHECK(choice(&n, "memfd")->verdict == VERDICT_OK &&
	      choice(&n, "memfd")->version == 1);
	CHECK(choice(&n, "kho")->version == 1);
	/* new's FLB is unknown to old: nothing of it to hand over. */
	CHECK(choice(&n, "fdbox")->verdict == VERDICT_UNUSED);
	negotiation_free(&n);

	/* old -> next: refused, with the versions in the reason. */
	CHECK(!negotiate(&n, &old, "old", &next, "next", memfd, 1, false));
	CHECK(!n.compatible);
	CHECK(choice(&n, "memfd")->verdict == VERDICT_REFUSED);
	CHECK(strstr(choice(&n, "memfd")->reason,
		     "old writes v1, next reads v2"));
	CHECK(choice(&n, "luo")->version == 1);
	negotiation_free(&n);

	/* Without files in use, memfd does not matter. */
	CHECK(!negotiate(&n, &old, "old", &next, "next", NULL, 0, false));
	CHECK(n.compatible && !negotiation_find(&n, "memfd"));
	negotiation_free(&n);

	/* --all: every type. */
	CHECK(!negotiate(&n, &old, "old", &next, "next", NULL, 0, true));
	CHECK(!n.compatible);
	negotiation_free(&n);

	/* new -> next: newest common, v2; new's FLB unknown to next. */
	CHECK(!negotiate(&n, &new, "new", &next, "next", memfd, 1, false));
	CHECK(choice(&n, "memfd")->version == 2);
	CHECK(choice(&n, "fdbox")->verdict == VERDICT_REFUSED);
	CHECK(strstr(choice(&n, "fdbox")->reason, "next does not know it"));
	negotiation_free(&n);

	/* ro writes nothing of kho. */
	CHECK(!negotiate(&n, &ro, "ro", &old, "old", memfd, 1, false));
	CHECK(strstr(choice(&n, "kho")->reason, "ro cannot write any version"));
	CHECK(choice(&n, "memfd")->verdict == VERDICT_REFUSED);
	negotiation_free(&n);

	/* A type nobody knows. */
	{
		const char *odd[] = { "odd" };

		CHECK(!negotiate(&n, &old, "old", &new, "new", odd, 1, false));
		CHECK(strstr(choice(&n, "odd")->reason, "neither old nor new"));
		negotiation_free(&n);
	}

	/* Files of any type bring luod's manifest, a memfd, along. */
	{
		const char *odd[] = { "odd" }, *fdbox[] = { "fdbox" };

		CHECK(!negotiate(&n, &new, "new", &next, "next", odd, 1, false));
		CHECK(choice(&n, "memfd")->verdict == VERDICT_OK &&
		      choice(&n, "memfd")->version == 2);
		negotiation_free(&n);
		CHECK(!negotiate(&n, &old, "old", &next, "next", odd, 1, false));
		CHECK(choice(&n, "memfd")->verdict == VERDICT_REFUSED);
		negotiation_free(&n);
		/* An FLB is no file. */
		CHECK(!negotiate(&n, &new, "new", &next, "next", fdbox, 1, false));
		CHECK(!negotiation_find(&n, "memfd"));
		negotiation_free(&n);
	}
	table_free(&old);
	table_free(&new);
	table_free(&next);
	table_free(&ro);
}

static void test_policy(void)
{
	struct policy p;

	CHECK(!policy_parse(&p, "# comment\n\noptional type memfd  # why\n"
			    "optional session cache\n", "p"));
	CHECK(policy_optional_type(&p, "memfd"));
	CHECK(!policy_optional_type(&p, "cache"));
	CHECK(policy_optional_session(&p, "cache"));
	policy_free(&p);
	CHECK_ERR(policy_parse(&p, "optional type\n", "p"), "p:1:");
	CHECK_ERR(policy_parse(&p, "\n\noptional file x\n", "p"),
		  "p:3: \"file\" is neither");
	CHECK_ERR(policy_parse(&p, "mandatory type x\n", "p"), "p:1:");
	CHECK_ERR(policy_parse(&p, "optional type x y\n", "p"), "p:1:");
}

static void test_manifest(void)
{
	struct held a = { "vm", 7, "memfd", 3 }, b = { "db", 18446744073709551615ULL, "memfd", 4 };
	const struct held *list[] = { &a, &b };
	struct held *back;
	size_t len, n;
	char *text;
	FILE *f;

	f = open_memstream(&text, &len);
	manifest_print(f, list, 2);
	fclose(f);
	CHECK(!manifest_parse(text, &back, &n));
	CHECK(n == 2);
	CHECK(!strcmp(back[0].session, "vm") && back[0].token == 7 &&
	      back[0].fd == -1);
	CHECK(back[1].token == 18446744073709551615ULL);
	free(back);
	free(text);
	CHECK_ERR(manifest_parse("luod-manifest 2\n", &back, &n), "not a");
	CHECK_ERR(manifest_parse("luod-manifest 1\nfile vm x memfd\n", &back, &n),
		  "manifest:2");
	CHECK_ERR(manifest_parse("luod-manifest 1\nfile vm 1\n", &back, &n),
		  "manifest:2");
	CHECK(!manifest_parse("luod-manifest 1\n", &back, &n) && n == 0);
	free(back);
	CHECK(session_name_ok("vm-1") && !session_name_ok("") &&
	      !session_name_ok("a b"));
}

static void test_json(void)
{
	struct json j;
	size_t len;
	char *text;
	FILE *f;

	f = open_memstream(&text, &len);
	json_init(&j, f, false);
	json_object(&j, NULL);
	json_string(&j, "s", "a\"b\\c\n\x01");
	json_array(&j, "a");
	json_uint(&j, NULL, 1);
	json_bool(&j, NULL, true);
	json_null(&j, NULL);
	json_end(&j);
	json_array(&j, "e");
	json_end(&j);
	json_finish(&j);
	fclose(f);
	CHECK(!strcmp(text, "{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"a\":[1,true,null],\"e\":[]}\n"));
	free(text);
}

static void test_proto(void)
{
	struct msg *m = malloc(sizeof(*m)), *r = malloc(sizeof(*r));
	static const char *const keys[] = { "session", "token", "json", NULL };
	static const char *const flags[] = { "json", NULL };
	int sv[2], p[2], i;
	char c;

	CHECK(!socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	CHECK(!pipe(p));
	msg_init(m, "preserve");
	msg_add(m, "session", "vm");
	msg_addf(m, "token", "%d", 42);
	msg_add(m, "note", "a=b");
	msg_add_fd(m, p[0]);
	CHECK(!msg_send(sv[0], m));
	CHECK(msg_recv(sv[1], r) == 1);
	CHECK(!strcmp(msg_verb(r), "preserve"));
	CHECK(!strcmp(msg_get(r, "token"), "42"));
	CHECK(!strcmp(msg_get(r, "note"), "a=b"));
	CHECK(!msg_get(r, "sess"));
	CHECK_ERR(msg_check(r, keys, flags), "unknown field \"note\"");
	CHECK(r->nfds == 1);
	CHECK(write(p[1], "x", 1) == 1);
	CHECK(read(r->fds[0], &c, 1) == 1 && c == 'x');
	msg_close_fds(r);

	/* Fields: known, once each, booleans 0 or 1. */
	msg_init(m, "status");
	msg_add(m, "json", "1");
	msg_add(m, "session", "vm");
	CHECK(!msg_check(m, keys, flags) && msg_flag(m, "json"));
	msg_add(m, "session", "db");
	CHECK_ERR(msg_check(m, keys, flags), "field \"session\" given twice");
	msg_init(m, "status");
	msg_add(m, "json", "0");
	CHECK(!msg_check(m, keys, flags) && !msg_flag(m, "json"));
	msg_init(m, "status");
	msg_add(m, "json", "yes");
	CHECK_ERR(msg_check(m, keys, flags), "takes 0 or 1, not \"yes\"");
	msg_init(m, "status");
	msg_add(m, "json", NULL);
	CHECK_ERR(msg_check(m, keys, flags), "\"json\" is not key=value");

	/* More descriptors than a message may carry: refused, all closed. */
	msg_init(m, "preserve");
	for (i = 0; i < PROTO_FDS_MAX; i++)
		msg_add_fd(m, p[0]);
	CHECK(!msg_send(sv[0], m));
	CHECK(msg_recv(sv[1], r) == 1 && r->nfds == PROTO_FDS_MAX);
	msg_close_fds(r);
	{
		int fds[PROTO_FDS_MAX + 1];
		union {
			char buf[CMSG_SPACE(sizeof(fds))];
			struct cmsghdr align;
		} u = { 0 };
		struct iovec iov = { "x", 2 };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = u.buf,
				     .msg_controllen = sizeof(u.buf) };
		struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);

		for (i = 0; i <= PROTO_FDS_MAX; i++)
			fds[i] = p[0];
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(fds));
		memcpy(CMSG_DATA(cm), fds, sizeof(fds));
		CHECK(sendmsg(sv[0], &mh, 0) == 2);
		CHECK_ERR(msg_recv(sv[1], r), "more than 4 descriptors");
		CHECK(r->nfds == 0);
	}

	/* Not NUL-terminated: refused. An empty message is like the end. */
	CHECK(send(sv[0], "abc", 3, 0) == 3);
	CHECK_ERR(msg_recv(sv[1], r), "not NUL-terminated");
	CHECK(send(sv[0], "", 0, 0) == 0);
	CHECK(msg_recv(sv[1], r) == 0);
	close(sv[0]);
	CHECK(msg_recv(sv[1], r) == 0);
	close(sv[1]);
	close(p[0]);
	close(p[1]);
	free(m);
	free(r);
}

/* A snapshot is a sealed, read-only copy: the original may change. */
static void test_snapshot(void)
{
	char path[] = "/tmp/luod-unit-XXXXXX", buf[8] = "";
	int fd = mkstemp(path), snap;

	CHECK(fd >= 0 && write(fd, "kernel", 6) == 6);
	snap = snapshot(fd, "img");
	CHECK(snap >= 0 && snapshot_sealed(snap) && !snapshot_sealed(fd));
	CHECK((fcntl(snap, F_GETFL) & O_ACCMODE) == O_RDONLY);
	CHECK(!ftruncate(fd, 0));
	CHECK(pread(snap, buf, sizeof(buf), 0) == 6 && !memcmp(buf, "kernel", 6));
	CHECK_ERR(snapshot(fd, "img"), "img: empty file");
	close(snap);
	close(fd);
	unlink(path);
	fd = open("/tmp", O_RDONLY);
	CHECK_ERR(snapshot(fd, "/tmp"), "/tmp: not a regular file");
	close(fd);
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "compatible names", test_compat },
	{ "version table", test_table },
	{ "section parser", test_section },
	{ "negotiation", test_negotiate },
	{ "policy", test_policy },
	{ "manifest", test_manifest },
	{ "json writer", test_json },
	{ "protocol messages", test_proto },
	{ "image snapshots", test_snapshot },
};

int main(void)
{
	int i, n = ARRAY_SIZE(tests), passed = 0;

	for (i = 0; i < n; i++) {
		int before = failures;

		tests[i].fn();
		printf("%s %d - %s\n", failures == before ? "ok" : "not ok",
		       i + 1, tests[i].name);
		passed += failures == before;
	}
	printf("unit: %d passed, %d failed\n", passed, n - passed);
	return passed == n ? 0 : 1;
}
