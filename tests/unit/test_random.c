/* crypto/random.h and wipe(): output that looks random, and a process that
 * stops rather than run without the kernel's randomness. */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crypto/chunk.h"
#include "crypto/random.h"
#include "tests/unit/check.h"

static void test_output(void)
{
	static uint8_t big[1 << 20];
	uint8_t a[64], b[64];
	size_t counts[256] = { 0 }, lo = (size_t)-1, hi = 0;

	random_bytes(a, 0);
	random_bytes(a, sizeof(a));
	random_bytes(b, sizeof(b));
	CHECK(memcmp(a, b, sizeof(a)) != 0, "two 64-byte draws differ");

	/* 1 MiB in one call (the kernel hands out at most 32 MiB - 1 per call, and
	 * less when interrupted). Each byte value should appear about 4096 times;
	 * 3500..4700 is more than 9 standard deviations wide. */
	random_bytes(big, sizeof(big));
	for (size_t i = 0; i < sizeof(big); i++)
		counts[big[i]]++;
	for (size_t v = 0; v < 256; v++) {
		if (counts[v] < lo)
			lo = counts[v];
		if (counts[v] > hi)
			hi = counts[v];
	}
	CHECK(lo > 3500 && hi < 4700, "1 MiB draw: byte values appear %zu..%zu times", lo, hi);
}

/* In a child where getrandom(2) fails with ENOSYS (a seccomp filter), random_bytes
 * must abort instead of returning. */
static void test_abort_without_getrandom(void)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getrandom, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(filter) / sizeof(filter[0]), filter };
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		uint8_t key[16];
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0)
			dup2(null, STDERR_FILENO); /* the expected FATAL line */
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
			_exit(3);
		random_bytes(key, sizeof(key));
		_exit(0);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "child started");
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
	      "random_bytes aborts when getrandom fails (status %#x)", status);
}

static void test_wipe(void)
{
	uint8_t buf[100];

	memset(buf, 0xa5, sizeof(buf));
	wipe(buf + 10, 80);
	CHECK(buf[9] == 0xa5 && buf[10] == 0 && buf[89] == 0 && buf[90] == 0xa5,
	      "wipe clears exactly the range given");
	wipe(buf, 0);
	CHECK(buf[0] == 0xa5, "wipe of 0 bytes changes nothing");
}

int main(void)
{
	test_output();
	test_abort_without_getrandom();
	test_wipe();
	return check_done();
}
