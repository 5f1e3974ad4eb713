/* SPDX-License-Identifier: MIT */
/*
 * User-space side of the test-only pte_memtype module: ask which memory
 * type the page table gives an address of this process.
 *
 *	struct pte_memtype_result r;
 *	int err = pte_memtype_query(fb, &r);	// after touching fb[0]
 *	if (!err && !pte_memtype_is_write_combined(r.type)) ...
 *
 * Needs pte_memtype.ko loaded (device /dev/pte_memtype, root only).
 */
#ifndef MEMTYPE_QUERY_H
#define MEMTYPE_QUERY_H

#include <stddef.h>

#include "pte_memtype_uapi.h"

#define PTE_MEMTYPE_DEVICE "/dev/" PTE_MEMTYPE_DEVICE_NAME

struct pte_memtype_result {
	enum pte_memtype type;		/* from the page-table entry */
	char name[PTE_MEMTYPE_NAME_LEN];	/* "WC", "bufferable", ... */
	enum pte_memtype vma_type;	/* what vma->vm_page_prot asks for */
	char vma_name[PTE_MEMTYPE_NAME_LEN];
	char hw_name[PTE_MEMTYPE_HW_NAME_LEN];	/* the MMU's view */
	unsigned long long raw;		/* entry bits (ARM: Linux PTE) */
	unsigned long long hw_raw;	/* ARM: hardware PTE; x86: = raw */
	unsigned long long vma_prot;	/* vm_page_prot bits */
	unsigned long long pfn;
	unsigned long long arch_reg;	/* x86 IA32_PAT; ARM PRRR|NMRR<<32 */
	unsigned int index;		/* x86 PAT index; ARM TEX[0]:C:B */
	unsigned int level;		/* PTE_MEMTYPE_LEVEL_* */
	unsigned int vma_flags;		/* PTE_MEMTYPE_VMA_* */
};

/*
 * Fills *out for addr, which must lie in a mapping of this process whose
 * page is present (touch it first). Returns 0, or a negative errno (also
 * left in errno): -ENOENT module not loaded, -ENXIO nothing mapped there,
 * -EACCES not root, -ENOTTY a module with another interface.
 */
int pte_memtype_query(const void *addr, struct pte_memtype_result *out);

/* A sentence saying what a negative return of pte_memtype_query means. */
const char *pte_memtype_error(int err);

/*
 * True for the type pgprot_writecombine() gives on this architecture:
 * x86 PAT WC, ARM L_PTE_MT_BUFFERABLE (normal non-cacheable).
 */
int pte_memtype_is_write_combined(enum pte_memtype type);

/* True for cached write-back memory: x86 WB, ARM writeback/writealloc. */
int pte_memtype_is_write_back(enum pte_memtype type);

/* "shared,pfnmap,io" for PTE_MEMTYPE_VMA_* bits ("-" for none). */
void pte_memtype_flags_string(unsigned int flags, char *buf, size_t len);

/* "pte", "pmd" or "pud". */
const char *pte_memtype_level_name(unsigned int level);

#endif /* MEMTYPE_QUERY_H */
