// SPDX-License-Identifier: MIT
/*
 * memtype_selftest: shows that pte_memtype tells memory types apart.
 *
 *   memtype_selftest [-e TYPE] [-o OFFSET] [-r] [-s] [PATH...]
 *
 * Each PATH (e.g. /dev/fb0) is mapped MAP_SHARED at OFFSET (default 0),
 * one word is written (-r: read, for device registers) and the page's
 * type is printed (-s opens PATH with O_SYNC, as /dev/mem users do):
 *   MEMTYPE <path> <type> raw=0x... vma=<type> hw=<mmu view> ...
 * With -e, every PATH's page-table entry and the type its mapping asks for
 * (vm_page_prot) must both be TYPE (its name, e.g. WC or bufferable).
 * Then it checks its own memory: an anonymous page, a shared /dev/zero page
 * and an anonymous huge page (if the kernel gives one) must be write-back;
 * an untouched and an unmapped page must give ENXIO, and malformed
 * requests must get their errors.
 * Loads nothing: pte_memtype.ko must already be loaded.
 * Exit status: 0 all checks passed, 1 a check failed, 2 bad usage.
 */
/* /dev/mem offsets above 2 GiB on 32-bit ARM */
#define _FILE_OFFSET_BITS 64

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "memtype_query.h"

#define PAGE 4096

static int failures;
static off_t map_offset;
static int read_only;
static int open_sync;

static void check(const char *what, int ok, const char *detail)
{
	printf("MEMTYPE-CHECK %s %s %s\n", what, ok ? "PASS" : "FAIL", detail);
	if (!ok)
		failures++;
}

static void print_result(const char *what, const struct pte_memtype_result *r)
{
	char flags[96];

	pte_memtype_flags_string(r->vma_flags, flags, sizeof(flags));
	printf("MEMTYPE %s %s raw=0x%llx vma=%s vma_prot=0x%llx", what, r->name,
	       r->raw, r->vma_name, r->vma_prot);
	printf(" hw=%s hw_raw=0x%llx index=%u level=%s", r->hw_name, r->hw_raw,
	       r->index, pte_memtype_level_name(r->level));
	printf(" pfn=0x%llx flags=%s arch=0x%llx\n", r->pfn, flags,
	       r->arch_reg);
}

/* Queries p; prints the MEMTYPE line or the error. Returns the error. */
static int query(const char *what, void *p, struct pte_memtype_result *r)
{
	int err = pte_memtype_query(p, r);

	if (err)
		printf("MEMTYPE %s error %s: %s\n", what, strerror(-err),
		       pte_memtype_error(err));
	else
		print_result(what, r);
	return err;
}

static void device(const char *path, const char *expect)
{
	struct pte_memtype_result r;
	char detail[160];
	unsigned int *p;
	int fd, err;

	fd = open(path, (read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC |
		  (open_sync ? O_SYNC : 0));
	if (fd < 0) {
		snprintf(detail, sizeof(detail), "open %s: %s", path,
			 strerror(errno));
		check(path, 0, detail);
		return;
	}
	p = mmap(NULL, PAGE, PROT_READ | (read_only ? 0 : PROT_WRITE),
		 MAP_SHARED, fd, map_offset);
	close(fd);
	if (p == MAP_FAILED) {
		snprintf(detail, sizeof(detail), "mmap %s MAP_SHARED: %s", path,
			 strerror(errno));
		check(path, 0, detail);
		return;
	}
	/* Makes the page present and young. */
	if (read_only)
		printf("MEMTYPE-READ %s 0x%x\n", path, p[0]);
	else
		p[0] = 0x5a5aa5a5;
	err = query(path, p, &r);
	if (err) {
		snprintf(detail, sizeof(detail), "query: %s",
			 pte_memtype_error(err));
		check(path, 0, detail);
	} else if (expect) {
		/*
		 * Both must match: x86 PAT gives a page the type its range
		 * was first reserved with, so a wrong pgprot in the driver's
		 * mmap shows only in what the vma asks for.
		 */
		snprintf(detail, sizeof(detail), "expected %s: page table has %s, vma asks for %s",
			 expect, r.name, r.vma_name);
		check(path, !strcmp(r.name, expect) &&
		      !strcmp(r.vma_name, expect), detail);
	}
	munmap(p, PAGE);
}

static void expect_write_back(const char *what, void *p)
{
	struct pte_memtype_result r;
	char detail[160];
	int err;

	err = query(what, p, &r);
	if (err)
		snprintf(detail, sizeof(detail), "query: %s",
			 pte_memtype_error(err));
	else
		snprintf(detail, sizeof(detail), "%s is %scached write-back",
			 r.name, pte_memtype_is_write_back(r.type) ? "" : "not ");
	check(what, !err && pte_memtype_is_write_back(r.type), detail);
}

static void expect_enxio(const char *what, void *p)
{
	struct pte_memtype_result r;
	char detail[160];
	int err;

	err = query(what, p, &r);
	snprintf(detail, sizeof(detail), "expected ENXIO, got %s",
		 err ? strerror(-err) : r.name);
	check(what, err == -ENXIO, detail);
}

/*
 * A 2 MiB aligned anonymous range asked to be a transparent huge page:
 * where the kernel gives one (x86), the answer comes from a PMD entry.
 */
static void huge_page(void)
{
	size_t huge = 2 << 20;
	char *map, *p;

	map = mmap(NULL, 2 * huge, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED) {
		check("anon-thp", 0, strerror(errno));
		return;
	}
	p = (char *)(((unsigned long)map + huge - 1) & ~(huge - 1));
	/* Without THP support this fails and the page stays small. */
	madvise(p, huge, MADV_HUGEPAGE);
	p[0] = 1;
	expect_write_back("anon-thp", p);
	munmap(map, 2 * huge);
}

/* Bad requests get errors, not answers (and no kernel warning). */
static void bad_requests(void)
{
	struct pte_memtype_query q;
	char detail[160];
	int fd, ret, err;

	fd = open(PTE_MEMTYPE_DEVICE, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		check("bad-requests", 0, pte_memtype_error(-errno));
		return;
	}
	ret = ioctl(fd, PTE_MEMTYPE_IOC_QUERY, NULL);
	err = ret < 0 ? errno : 0;
	snprintf(detail, sizeof(detail), "NULL argument: %s", strerror(err));
	check("bad-pointer", err == EFAULT, detail);

	memset(&q, 0, sizeof(q));
	q.addr = (unsigned long)&q;
	ret = ioctl(fd, _IOWR(PTE_MEMTYPE_IOC_MAGIC, 0x02, struct pte_memtype_query), &q);
	err = ret < 0 ? errno : 0;
	snprintf(detail, sizeof(detail), "unknown ioctl: %s", strerror(err));
	check("bad-ioctl", err == ENOTTY, detail);

	q.reserved = 1;
	ret = ioctl(fd, PTE_MEMTYPE_IOC_QUERY, &q);
	err = ret < 0 ? errno : 0;
	snprintf(detail, sizeof(detail), "reserved field set: %s", strerror(err));
	check("bad-reserved", err == EINVAL, detail);

	q.reserved = 0;
	q.addr = ~0ULL;
	ret = ioctl(fd, PTE_MEMTYPE_IOC_QUERY, &q);
	err = ret < 0 ? errno : 0;
	snprintf(detail, sizeof(detail), "address 0x%llx: %s",
		 (unsigned long long)q.addr, strerror(err));
	check("bad-address", err == ENXIO, detail);
	close(fd);
}

static void own_memory(void)
{
	char *anon, *zero;
	int fd;

	anon = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (anon == MAP_FAILED) {
		check("anon", 0, strerror(errno));
		return;
	}
	anon[0] = 1;
	expect_write_back("anon", anon);
	expect_enxio("anon-untouched", anon + PAGE);
	munmap(anon, 2 * PAGE);
	expect_enxio("unmapped", anon);

	fd = open("/dev/zero", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		check("/dev/zero", 0, strerror(errno));
		return;
	}
	/* A shared mapping of /dev/zero is shmem: page cache memory. */
	zero = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (zero == MAP_FAILED) {
		check("/dev/zero", 0, strerror(errno));
		return;
	}
	zero[0] = 1;
	expect_write_back("/dev/zero", zero);
	munmap(zero, PAGE);
	huge_page();
}

int main(int argc, char **argv)
{
	const char *expect = NULL;
	unsigned long long offset;
	char *end;
	int opt, i;

	while ((opt = getopt(argc, argv, "e:o:rsh")) != -1) {
		switch (opt) {
		case 'e':
			expect = optarg;
			break;
		case 'o':
			errno = 0;
			offset = strtoull(optarg, &end, 0);
			if (errno || *end || offset % PAGE ||
			    (off_t)offset < 0 || (unsigned long long)(off_t)offset != offset) {
				fprintf(stderr, "%s: -o %s: not a page-aligned offset\n",
					argv[0], optarg);
				return 2;
			}
			map_offset = (off_t)offset;
			break;
		case 'r':
			read_only = 1;
			break;
		case 's':
			open_sync = 1;
			break;
		default:
			fprintf(stderr, "usage: %s [-e TYPE] [-o OFFSET] [-r] [-s] [PATH...]\n",
				argv[0]);
			return 2;
		}
	}
	if (expect && optind == argc) {
		fprintf(stderr, "%s: -e %s needs a PATH to check\n", argv[0],
			expect);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = optind; i < argc; i++)
		device(argv[i], expect);
	own_memory();
	bad_requests();
	printf("MEMTYPE-DONE %d failed\n", failures);
	return failures ? 1 : 0;
}
