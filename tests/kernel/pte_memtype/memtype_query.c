// SPDX-License-Identifier: MIT
/*
 * User-space side of the test-only pte_memtype module (memtype_query.h).
 */
#include "memtype_query.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static void copy_name(char *dst, const char *src, size_t len)
{
	/* The module NUL-terminates; do not trust it blindly. */
	memcpy(dst, src, len);
	dst[len - 1] = '\0';
}

int pte_memtype_query(const void *addr, struct pte_memtype_result *out)
{
	struct pte_memtype_query q;
	int fd, ret, err;

	memset(out, 0, sizeof(*out));
	fd = open(PTE_MEMTYPE_DEVICE, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	memset(&q, 0, sizeof(q));
	q.addr = (unsigned long)addr;
	ret = ioctl(fd, PTE_MEMTYPE_IOC_QUERY, &q);
	err = errno;
	close(fd);
	if (ret < 0) {
		errno = err;
		return -err;
	}
	out->type = (enum pte_memtype)q.type;
	out->vma_type = (enum pte_memtype)q.vma_type;
	copy_name(out->name, q.name, sizeof(out->name));
	copy_name(out->vma_name, q.vma_name, sizeof(out->vma_name));
	copy_name(out->hw_name, q.hw_name, sizeof(out->hw_name));
	out->raw = q.pte;
	out->hw_raw = q.hw_pte;
	out->vma_prot = q.vma_prot;
	out->pfn = q.pfn;
	out->arch_reg = q.arch_reg;
	out->index = q.index;
	out->level = q.level;
	out->vma_flags = q.vma_flags;
	return 0;
}

const char *pte_memtype_error(int err)
{
	switch (-err) {
	case ENOENT:
		return PTE_MEMTYPE_DEVICE
		       " missing: pte_memtype.ko not loaded (or no devtmpfs)";
	case EACCES:
	case EPERM:
		return PTE_MEMTYPE_DEVICE " is for root only";
	case ENXIO:
		return "nothing present there (not mapped, or page never touched)";
	case ENOTTY:
		return "the device does not know this query: module and caller do not match";
	case EFAULT:
		return "the query struct is not readable/writable";
	case EINVAL:
		return "bad query (reserved field set) or no address space";
	case EINTR:
		return "interrupted while waiting for the mmap lock";
	default:
		return strerror(-err);
	}
}

int pte_memtype_is_write_combined(enum pte_memtype type)
{
	return type == PTE_MEMTYPE_X86_WC || type == PTE_MEMTYPE_ARM_BUFFERABLE;
}

int pte_memtype_is_write_back(enum pte_memtype type)
{
	return type == PTE_MEMTYPE_X86_WB || type == PTE_MEMTYPE_ARM_WRITEBACK ||
	       type == PTE_MEMTYPE_ARM_WRITEALLOC;
}

void pte_memtype_flags_string(unsigned int flags, char *buf, size_t len)
{
	static const struct {
		unsigned int bit;
		const char *name;
	} names[] = {
		{ PTE_MEMTYPE_VMA_SHARED, "shared" },
		{ PTE_MEMTYPE_VMA_PFNMAP, "pfnmap" },
		{ PTE_MEMTYPE_VMA_IO, "io" },
		{ PTE_MEMTYPE_VMA_MIXEDMAP, "mixedmap" },
		{ PTE_MEMTYPE_VMA_WRITE, "write" },
		{ PTE_MEMTYPE_VMA_ANONYMOUS, "anon" },
		{ PTE_MEMTYPE_VMA_HUGETLB, "hugetlb" },
		{ PTE_MEMTYPE_VMA_PAT, "pat" },
		{ 0, NULL },
	};
	size_t i, used = 0;

	if (!len)
		return;
	buf[0] = '\0';
	for (i = 0; names[i].name; i++) {
		int n;

		if (!(flags & names[i].bit))
			continue;
		n = snprintf(buf + used, len - used, "%s%s", used ? "," : "",
			     names[i].name);
		if (n < 0 || (size_t)n >= len - used)
			return;
		used += n;
	}
	if (!used)
		snprintf(buf, len, "-");
}

const char *pte_memtype_level_name(unsigned int level)
{
	switch (level) {
	case PTE_MEMTYPE_LEVEL_PTE:
		return "pte";
	case PTE_MEMTYPE_LEVEL_PMD:
		return "pmd";
	case PTE_MEMTYPE_LEVEL_PUD:
		return "pud";
	default:
		return "?";
	}
}
