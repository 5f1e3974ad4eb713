// SPDX-License-Identifier: MIT
/*
 * fbtest - in-guest tests of the fbmmap driver.
 *
 * Runs as the only program in a QEMU guest (see run_kernel_tests.py):
 * loads the module itself, runs every check and prints one line per
 * check on the console:
 *
 *   FBTEST <name> PASS|FAIL <detail>
 *
 * and "FBTEST-DONE <failures>" at the end. The host compares the names
 * with its list of expected checks.
 *
 * Usage: fbtest [--memtype pte_memtype.ko] [--board DEVICE [--pool BASE SIZE]]
 *              fbmmap.ko [BASE SIZE]
 *   x86: fbmmap.ko's own virtual platform device, with the reserved
 *        region BASE/SIZE if given, then without it.
 *   --board DEVICE: the PL111 named DEVICE on the AMBA bus (e.g.
 *        10020000.clcd) of an ARM board; --pool: its memory must come from
 *        the device-tree pool at BASE/SIZE (else from outside it).
 *   --memtype: load the test-only pte_memtype.ko and check on the page
 *        table that the mapping is write-combined (x86: in the reserved
 *        region configuration, where the memory is not coherent DMA).
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64	/* 32-bit ARM: offsets past 4 GiB */
#include <errno.h>
#include <fcntl.h>
#include <linux/fb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "memtype_query.h"

#ifndef FBIO_WAITFORVSYNC
#define FBIO_WAITFORVSYNC _IOW('F', 0x20, __u32)
#endif

#define MODNAME "fbmmap"

/* The device under test: its bus, its driver and its name on the bus. */
static const char *bus_dir = "/sys/bus/platform";
static const char *driver_name = "fbmmap";
static const char *device_name = "fbmmap";
static int on_board;
static const char *memtype_ko;
static unsigned long pool_size;	/* --pool: the device-tree pool's size */

static int failures;
static long page_size;

static void report(const char *name, int ok, const char *fmt, ...)
{
	char line[512], detail[400];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	n = snprintf(line, sizeof(line), "FBTEST %s %s %s\n", name,
		     ok ? "PASS" : "FAIL", detail);
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	if (write(STDOUT_FILENO, line, n) < 0)
		_exit(3);
	if (!ok)
		failures++;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = 0;
	return 0;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	return 0;
}

static long long sys_ll(const char *attr)
{
	char path[256], buf[64];

	snprintf(path, sizeof(path), "%s/devices/%s/%s", bus_dir, device_name,
		 attr);
	if (read_file(path, buf, sizeof(buf)))
		return -1;
	return strtoll(buf, NULL, 0);
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/*
 * The framebuffer node of the device under test ("/dev/fbN"), found
 * through sysfs, as a board with several controllers needs; 0 if the
 * device has no framebuffer now.
 */
static int find_fb(char *path, size_t size)
{
	char dir[256];
	int n = -1, found = 0;

	for (int i = 0; i < 32 && !found; i++) {
		snprintf(dir, sizeof(dir), "%s/devices/%s/graphics/fb%d",
			 bus_dir, device_name, i);
		if (exists(dir)) {
			n = i;
			found = 1;
		}
	}
	if (!found)
		return 0;
	snprintf(path, size, "/dev/fb%d", n);
	return exists(path);
}

/* Waits up to 2 s for the framebuffer to be there (want 1) or gone. */
static int wait_fb(int want)
{
	char path[32];

	for (int i = 0; i < 200; i++) {
		if (find_fb(path, sizeof(path)) == want)
			return 1;
		usleep(10000);
	}
	return 0;
}

static int bind_device(const char *how)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/drivers/%s/%s", bus_dir, driver_name,
		 how);
	return write_file(path, device_name);
}

static int load_module(const char *ko, const char *params)
{
	int fd = open(ko, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, params, 0);
	if (ret)
		ret = -errno;
	close(fd);
	return ret;
}

static int unload_module(void)
{
	if (syscall(SYS_delete_module, MODNAME, O_NONBLOCK))
		return -errno;
	return 0;
}

static uint32_t pattern(uint32_t i, uint32_t seed)
{
	uint32_t x = i * 2654435761u ^ seed;

	x ^= x >> 15;
	x *= 0x2c1b3c6du;
	x ^= x >> 12;
	return x;
}

struct fbstate {
	int fd;
	struct fb_var_screeninfo var;
	struct fb_fix_screeninfo fix;
};

static int fb_open(struct fbstate *s)
{
	char path[32];

	if (!find_fb(path, sizeof(path)))
		return -ENOENT;
	s->fd = open(path, O_RDWR | O_CLOEXEC);
	if (s->fd < 0)
		return -errno;
	if (ioctl(s->fd, FBIOGET_VSCREENINFO, &s->var) ||
	    ioctl(s->fd, FBIOGET_FSCREENINFO, &s->fix)) {
		int e = -errno;

		close(s->fd);
		return e;
	}
	return 0;
}

struct expect {
	const char *suffix;	/* appended to check names */
	unsigned int width, height, bpp, buffers_wanted, refresh;
	int exact_buffers;	/* buffers must equal buffers_wanted */
};

static unsigned int buffers_got;

static void check_infos(const struct expect *e, const struct fbstate *s)
{
	const struct fb_var_screeninfo *v = &s->var;
	const struct fb_fix_screeninfo *f = &s->fix;
	char name[64];
	long long nbuf = sys_ll("buffers");
	int ok;

	buffers_got = nbuf > 0 ? nbuf : 0;
	snprintf(name, sizeof(name), "var_info%s", e->suffix);
	ok = v->xres == e->width && v->yres == e->height &&
	     v->bits_per_pixel == e->bpp && v->xres_virtual == e->width &&
	     nbuf >= 1 && v->yres_virtual == e->height * nbuf &&
	     v->xoffset == 0 && v->yoffset == 0 &&
	     v->red.offset == 16 && v->red.length == 8 &&
	     v->green.offset == 8 && v->green.length == 8 &&
	     v->blue.offset == 0 && v->blue.length == 8;
	report(name, ok, "%ux%u virt %ux%u bpp %u rgb %u/%u %u/%u %u/%u buffers %lld",
	       v->xres, v->yres, v->xres_virtual, v->yres_virtual,
	       v->bits_per_pixel, v->red.offset, v->red.length,
	       v->green.offset, v->green.length, v->blue.offset,
	       v->blue.length, nbuf);

	snprintf(name, sizeof(name), "fix_info%s", e->suffix);
	ok = !strcmp(f->id, "fbmmap") &&
	     f->line_length == e->width * e->bpp / 8 &&
	     f->smem_len >= f->line_length * v->yres_virtual &&
	     f->smem_len % page_size == 0 &&
	     f->type == FB_TYPE_PACKED_PIXELS &&
	     f->visual == FB_VISUAL_TRUECOLOR && f->ypanstep == 1 &&
	     f->xpanstep == 0 && f->ywrapstep == 0;
	report(name, ok, "id %s line_length %u smem_len %u type %u visual %u ypanstep %u",
	       f->id, f->line_length, f->smem_len, f->type, f->visual,
	       f->ypanstep);

	snprintf(name, sizeof(name), "buffers%s", e->suffix);
	if (e->exact_buffers)
		ok = nbuf == e->buffers_wanted;
	else
		ok = nbuf >= 1 && nbuf <= e->buffers_wanted;
	report(name, ok, "got %lld of %u wanted", nbuf, e->buffers_wanted);
}

static void check_params(void)
{
	static const char *const names[] = {
		"width", "height", "bpp", "buffers", "refresh_hz",
		"mem_base", "mem_size", "virtual",
	};
	char path[128], buf[64], all[400] = "";
	int ok = 1;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path),
			 "/sys/module/" MODNAME "/parameters/%s", names[i]);
		if (read_file(path, buf, sizeof(buf))) {
			ok = 0;
			snprintf(buf, sizeof(buf), "missing");
		}
		snprintf(all + strlen(all), sizeof(all) - strlen(all),
			 "%s=%s ", names[i], buf);
	}
	report("module_params", ok, "%s", all);
}

static void check_mmap_rw(const struct expect *e, struct fbstate *s)
{
	size_t len = s->fix.smem_len;
	size_t words = len / 4;
	char name[64];
	uint32_t *map, *back;
	size_t bad = words, done;
	ssize_t n;

	snprintf(name, sizeof(name), "mmap_write_read%s", e->suffix);
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, s->fd, 0);
	back = malloc(len);
	if (map == MAP_FAILED || !back) {
		report(name, 0, "mmap of %zu bytes: %s", len, strerror(errno));
		free(back);
		return;
	}
	for (size_t i = 0; i < words; i++)
		map[i] = pattern(i, 0x1234);
	done = 0;
	while (done < len) {
		n = pread(s->fd, (char *)back + done, len - done, done);
		if (n <= 0)
			break;
		done += n;
	}
	for (size_t i = 0; i < words && done == len; i++) {
		if (back[i] != pattern(i, 0x1234)) {
			bad = i;
			break;
		}
	}
	report(name, done == len && bad == words,
	       "%zu bytes mapped, %zu read back, first mismatch word %zd",
	       len, done, bad == words ? (ssize_t)-1 : (ssize_t)bad);

	/* and the other way: write(), then read through the mapping */
	snprintf(name, sizeof(name), "write_mmap_read%s", e->suffix);
	for (size_t i = 0; i < words; i++)
		back[i] = pattern(i, 0xabcd);
	done = 0;
	while (done < len) {
		n = pwrite(s->fd, (char *)back + done, len - done, done);
		if (n <= 0)
			break;
		done += n;
	}
	bad = words;
	for (size_t i = 0; i < words && done == len; i++) {
		if (map[i] != pattern(i, 0xabcd)) {
			bad = i;
			break;
		}
	}
	report(name, done == len && bad == words,
	       "%zu bytes written, first mismatch word %zd", done,
	       bad == words ? (ssize_t)-1 : (ssize_t)bad);

	/* a partial mapping at an offset sees the same memory */
	snprintf(name, sizeof(name), "mmap_offset%s", e->suffix);
	{
		uint32_t *part = mmap(NULL, page_size, PROT_READ,
				      MAP_SHARED, s->fd, page_size);
		int ok = part != MAP_FAILED &&
			 part[0] == pattern(page_size / 4, 0xabcd) &&
			 part[page_size / 4 - 1] ==
				pattern(page_size / 2 - 1, 0xabcd);

		report(name, ok, "one page at offset %ld", page_size);
		if (part != MAP_FAILED)
			munmap(part, page_size);
	}
	memset(map, 0, len);
	munmap(map, len);
	free(back);
}

static int mmap_fails(int fd, size_t len, off_t off, int *err)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);

	if (p == MAP_FAILED) {
		*err = errno;
		return 1;
	}
	munmap(p, len);
	*err = 0;
	return 0;
}

static void check_mmap_bounds(const struct expect *e, struct fbstate *s)
{
	size_t len = s->fix.smem_len;
	char name[64];
	int e1, e2, e3, e4, e5, ok;

	snprintf(name, sizeof(name), "mmap_past_end%s", e->suffix);
	ok = mmap_fails(s->fd, len + page_size, 0, &e1) && e1 == EINVAL;
	ok &= mmap_fails(s->fd, 2 * page_size, len - page_size, &e2) &&
	      e2 == EINVAL;
	report(name, ok, "len+page: %s; last page + 1: %s", strerror(e1),
	       strerror(e2));

	snprintf(name, sizeof(name), "mmap_bad_offset%s", e->suffix);
	ok = mmap_fails(s->fd, page_size, len, &e3) && e3 == EINVAL;
	/* a 32-bit kernel refuses this offset itself, before the driver */
	ok &= mmap_fails(s->fd, page_size, (off_t)1 << 40, &e4) &&
	      (e4 == EINVAL || (sizeof(long) == 4 && e4 == EOVERFLOW));
	ok &= mmap_fails(s->fd, page_size, 100, &e5) && e5 == EINVAL;
	report(name, ok, "offset=len: %s; 1 TiB: %s; unaligned: %s",
	       strerror(e3), strerror(e4), strerror(e5));
}

/*
 * A private writable mapping would give the client copy-on-write pages
 * that never reach the screen: the driver must refuse it.
 */
static void check_mmap_private(const struct expect *e, struct fbstate *s)
{
	char name[64];
	void *p;
	int e1 = 0, e2 = 0;

	snprintf(name, sizeof(name), "mmap_private%s", e->suffix);
	p = mmap(NULL, page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, s->fd,
		 0);
	if (p == MAP_FAILED)
		e1 = errno;
	else
		munmap(p, page_size);
	p = mmap(NULL, page_size, PROT_READ, MAP_PRIVATE, s->fd, 0);
	if (p == MAP_FAILED)
		e2 = errno;
	else
		munmap(p, page_size);
	report(name, e1 == EINVAL && e2 == EINVAL,
	       "MAP_PRIVATE read-write: %s; read-only on a read-write file: %s",
	       e1 ? strerror(e1) : "mapped", e2 ? strerror(e2) : "mapped");
}

/*
 * read() and write() at the end of the memory, as POSIX has it: what
 * fits is transferred and counted; at the end a read gives 0 and a
 * write ENOSPC; a write starting past the end EFBIG.
 */
static void check_read_write_end(const struct expect *e, struct fbstate *s)
{
	size_t len = s->fix.smem_len;
	unsigned char *out = malloc(2 * page_size);
	unsigned char *in = calloc(1, 2 * page_size);
	ssize_t w_cross, r_cross, r_end, r_past, w_end, w_past;
	int e_end = 0, e_past = 0, same;
	char name[64];

	snprintf(name, sizeof(name), "read_write_end%s", e->suffix);
	if (!out || !in) {
		report(name, 0, "out of memory");
		free(out);
		free(in);
		return;
	}
	for (long i = 0; i < 2 * page_size; i++)
		out[i] = (unsigned char)(i * 7 + 3);
	w_cross = pwrite(s->fd, out, 2 * page_size, len - page_size);
	r_cross = pread(s->fd, in, 2 * page_size, len - page_size);
	same = r_cross == page_size && !memcmp(in, out, page_size);
	r_end = pread(s->fd, in, 16, len);
	r_past = pread(s->fd, in, 16, len + page_size);
	w_end = pwrite(s->fd, out, 16, len);
	if (w_end < 0)
		e_end = errno;
	w_past = pwrite(s->fd, out, 16, len + page_size);
	if (w_past < 0)
		e_past = errno;
	report(name,
	       w_cross == page_size && same && r_end == 0 && r_past == 0 &&
	       w_end == -1 && e_end == ENOSPC && w_past == -1 &&
	       e_past == EFBIG,
	       "write across the end %zd of %ld, read back %zd (%s), read at end %zd, past %zd, write at end %s, past %s",
	       w_cross, 2 * page_size, r_cross, same ? "same" : "differs",
	       r_end, r_past, e_end ? strerror(e_end) : "accepted",
	       e_past ? strerror(e_past) : "accepted");
	memset(out, 0, page_size);
	pwrite(s->fd, out, page_size, len - page_size);
	free(out);
	free(in);
}

/*
 * The user mapping of the display memory must be write-combined on the
 * page table itself (ARM bufferable, x86 PAT WC), and so must the type the
 * mapping asks for (x86 PAT tracking can keep an older type in the entry).
 * An anonymous page beside it shows the module tells cached memory apart.
 */
static void check_memtype(struct fbstate *s)
{
	struct pte_memtype_result fb = { 0 }, anon = { 0 };
	volatile uint32_t *map;
	volatile uint32_t *page;
	int err, e_fb = -1, e_anon = -1, ok;

	err = load_module(memtype_ko, "");
	if (err && err != -EEXIST) {
		report("mapping_memtype", 0, "insmod %s: %s", memtype_ko,
		       strerror(-err));
		return;
	}
	map = mmap(NULL, s->fix.smem_len, PROT_READ | PROT_WRITE, MAP_SHARED,
		   s->fd, 0);
	page = mmap(NULL, page_size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED || page == MAP_FAILED) {
		report("mapping_memtype", 0, "mmap: %s", strerror(errno));
		return;
	}
	map[0] = 0;
	page[0] = 1;
	e_fb = pte_memtype_query((const void *)map, &fb);
	e_anon = pte_memtype_query((const void *)page, &anon);
	ok = !e_fb && !e_anon && pte_memtype_is_write_combined(fb.type) &&
	     pte_memtype_is_write_combined(fb.vma_type) &&
	     pte_memtype_is_write_back(anon.type);
	report("mapping_memtype", ok,
	       "display memory: page table %s (raw %#llx, MMU %s), mapping asks %s%s%s; anonymous page %s%s%s",
	       e_fb ? "?" : fb.name, fb.raw, e_fb ? "?" : fb.hw_name,
	       e_fb ? "?" : fb.vma_name, e_fb ? ": " : "",
	       e_fb ? pte_memtype_error(e_fb) : "", e_anon ? "?" : anon.name,
	       e_anon ? ": " : "", e_anon ? pte_memtype_error(e_anon) : "");
	munmap((void *)page, page_size);
	munmap((void *)map, s->fix.smem_len);
}

static int wait_vsync(int fd)
{
	__u32 crtc = 0;

	return ioctl(fd, FBIO_WAITFORVSYNC, &crtc) ? -errno : 0;
}

static int pan_to(struct fbstate *s, unsigned int yoffset)
{
	struct fb_var_screeninfo v = s->var;

	v.xoffset = 0;
	v.yoffset = yoffset;
	return ioctl(s->fd, FBIOPAN_DISPLAY, &v) ? -errno : 0;
}

static void check_pan_vsync(const struct expect *e, struct fbstate *s)
{
	long long vb0 = sys_ll("vblank_count"), fl0 = sys_ll("flip_count");
	unsigned int nbuf = buffers_got;
	int ok = nbuf >= 1, rounds = 0, err = 0;
	long long off = -1;
	double worst = 0;
	char name[64];

	for (int round = 0; round < 2 && ok; round++) {
		for (unsigned int b = 0; b < nbuf && ok; b++) {
			double t0 = now(), dt;

			err = pan_to(s, b * s->var.yres);
			if (!err)
				err = wait_vsync(s->fd);
			dt = now() - t0;
			if (dt > worst)
				worst = dt;
			off = sys_ll("scanout_offset");
			ok = !err &&
			     off == (long long)b * s->var.yres *
				    s->fix.line_length;
			rounds++;
		}
	}
	long long vb1 = sys_ll("vblank_count"), fl1 = sys_ll("flip_count");

	ok = ok && vb1 > vb0 && fl1 - fl0 >= rounds;
	snprintf(name, sizeof(name), "pan_vsync%s", e->suffix);
	report(name, ok,
	       "%d pans over %u buffers, err %d, last scanout_offset %lld, worst wait %.3f s, vblanks %lld->%lld, flips %lld->%lld",
	       rounds, nbuf, err, off, worst, vb0, vb1, fl0, fl1);

	/*
	 * Every wait must span a vblank: the counter moves at least once per
	 * wait. Counted, not timed, so a slow host cannot fail it.
	 */
	{
		long long before = sys_ll("vblank_count"), after;
		double t0 = now(), dt;
		int n = 0;

		for (; n < 30; n++)
			if (wait_vsync(s->fd))
				break;
		dt = now() - t0;
		after = sys_ll("vblank_count");
		snprintf(name, sizeof(name), "vsync_rate%s", e->suffix);
		report(name, n == 30 && before >= 0 && after - before >= n,
		       "30 vsyncs saw vblank_count %lld -> %lld in %.3f s (%.1f Hz, configured %u)",
		       before, after, dt, n / dt, e->refresh);
	}
	pan_to(s, 0);
	wait_vsync(s->fd);
}

static void check_missed_flips(struct fbstate *s)
{
	long long m0 = sys_ll("missed_flips"), m1 = m0;
	int tries;

	for (tries = 1; tries <= 5; tries++) {
		wait_vsync(s->fd);
		pan_to(s, 0);
		pan_to(s, 0);
		m1 = sys_ll("missed_flips");
		if (m1 > m0)
			break;
	}
	wait_vsync(s->fd);
	report("missed_flips", m0 >= 0 && m1 > m0,
	       "missed_flips %lld -> %lld after %d tries of 2 pans in one frame",
	       m0, m1, tries);
}

static void check_vsync_args(struct fbstate *s)
{
	__u32 crtc = 1;
	int e1 = 0, e2 = 0, ok;

	ok = ioctl(s->fd, FBIO_WAITFORVSYNC, &crtc) == -1;
	e1 = errno;
	ok &= ioctl(s->fd, FBIO_WAITFORVSYNC, NULL) == -1;
	e2 = errno;
	ok = ok && e1 == EINVAL && e2 == EFAULT;
	report("vsync_bad_args", ok, "crtc 1: %s; NULL: %s", strerror(e1),
	       strerror(e2));
}

static int get_vblank(int fd, struct fb_vblank *vb)
{
	memset(vb, 0xa5, sizeof(*vb));	/* the driver must zero what it fills */
	return ioctl(fd, FBIOGET_VBLANK, vb) ? -errno : 0;
}

/*
 * FBIOGET_VBLANK: FB_VBLANK_HAVE_COUNT and nothing else, the count moves
 * across a FBIO_WAITFORVSYNC and agrees with sysfs vblank_count (low 32
 * bits, read between two sysfs reads: any vblank between them is allowed),
 * and bad pointers give EFAULT: NULL, a read-only page, and a struct
 * running into a guard page.
 */
static void check_vblank_count(struct fbstate *s)
{
	struct fb_vblank a, b, c;
	int ea, ew, eb, ec, enull, ero, eedge, ok, zero = 1;
	long long sys0, sys1;
	unsigned char *page;

	ea = get_vblank(s->fd, &a);
	ew = wait_vsync(s->fd);
	eb = get_vblank(s->fd, &b);
	sys0 = sys_ll("vblank_count");
	ec = get_vblank(s->fd, &c);
	sys1 = sys_ll("vblank_count");
	zero = !b.vcount && !b.hcount;
	for (int i = 0; i < 4; i++)
		zero &= !b.reserved[i];

	enull = ioctl(s->fd, FBIOGET_VBLANK, NULL) ? errno : 0;
	ero = eedge = -1;
	page = mmap(NULL, 2 * page_size, PROT_READ,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page != MAP_FAILED) {
		ero = ioctl(s->fd, FBIOGET_VBLANK, page) ? errno : 0;
		if (!mprotect(page, page_size, PROT_READ | PROT_WRITE))
			eedge = ioctl(s->fd, FBIOGET_VBLANK,
				      page + page_size - 8) ? errno : 0;
		munmap(page, 2 * page_size);
	}

	ok = !ea && !ew && !eb && !ec && sys0 >= 0 && sys1 >= sys0 &&
	     a.flags == FB_VBLANK_HAVE_COUNT &&
	     b.flags == FB_VBLANK_HAVE_COUNT && zero &&
	     (uint32_t)(b.count - a.count) >= 1 &&
	     (uint32_t)(c.count - (uint32_t)sys0) <=
		     (uint64_t)(sys1 - sys0) &&
	     enull == EFAULT && ero == EFAULT && eedge == EFAULT;
	report("vblank_count", ok,
	       "flags 0x%x, other fields %s, count %u -> %u across a vsync (%s), sysfs %lld <= %u <= %lld, NULL: %s, read-only: %s, cut short: %s",
	       b.flags, zero ? "0" : "not 0", a.count, b.count,
	       strerror(-ew), sys0, c.count, sys1, strerror(enull),
	       ero < 0 ? "?" : strerror(ero),
	       eedge < 0 ? "?" : strerror(eedge));
}

static int put_var_err(int fd, struct fb_var_screeninfo *v)
{
	return ioctl(fd, FBIOPUT_VSCREENINFO, v) ? errno : 0;
}

static void check_put_var(struct fbstate *s)
{
	const struct fb_var_screeninfo good = s->var;
	struct fb_var_screeninfo v, after;
	long long missed0, missed1;
	char detail[300] = "";
	int ok = 1, err;

	/* a series of bad requests; each must fail with EINVAL */
	for (int i = 0; i < 9; i++) {
		v = good;
		switch (i) {
		case 0: v.bits_per_pixel = 7; break;
		case 1: v.bits_per_pixel = 16; break;
		case 2: v.xres = 4096; v.xres_virtual = 4096; break;
		case 3: v.yres = good.yres + 8; break;
		case 4: v.xres_virtual = good.xres * 2; break;
		case 5: v.yres_virtual = 100000; break;
		case 6: v.yres_virtual = good.yres * (buffers_got + 1); break;
		case 7: v.xoffset = 8; break;
		case 8: v.yoffset = good.yres_virtual; break;
		}
		err = put_var_err(s->fd, &v);
		if (err != EINVAL)
			ok = 0;
		snprintf(detail + strlen(detail),
			 sizeof(detail) - strlen(detail), "%d:%s ", i,
			 err ? (err == EINVAL ? "EINVAL" : strerror(err)) :
			       "accepted");
	}
	ioctl(s->fd, FBIOGET_VSCREENINFO, &after);
	ok = ok && after.xres == good.xres && after.yres == good.yres &&
	     after.yres_virtual == good.yres_virtual &&
	     after.bits_per_pixel == good.bits_per_pixel;
	report("put_vscreeninfo_bad", ok, "%s", detail);

	/* good requests: a test-only request, and an adjusted one */
	v = good;
	v.activate = FB_ACTIVATE_TEST;
	v.yres_virtual = 0;
	err = put_var_err(s->fd, &v);
	ioctl(s->fd, FBIOGET_VSCREENINFO, &after);
	ok = !err && v.yres_virtual == good.yres &&
	     after.yres_virtual == good.yres_virtual;
	v = good;
	v.yres_virtual = good.yres;
	v.activate = FB_ACTIVATE_NOW;
	err = put_var_err(s->fd, &v);
	ioctl(s->fd, FBIOGET_VSCREENINFO, &after);
	ok = ok && !err && after.yres_virtual == good.yres;
	/* one request in a frame is one pan, not a missed flip */
	wait_vsync(s->fd);
	missed0 = sys_ll("missed_flips");
	v = good;
	v.activate = FB_ACTIVATE_NOW;
	err = put_var_err(s->fd, &v);
	missed1 = sys_ll("missed_flips");
	ioctl(s->fd, FBIOGET_VSCREENINFO, &after);
	ok = ok && !err && after.yres_virtual == good.yres_virtual &&
	     missed0 >= 0 && missed1 == missed0;
	report("put_vscreeninfo_good", ok,
	       "test-only request adjusted yres_virtual 0 -> %u, set single and back: %s, missed_flips %lld -> %lld",
	       v.yres_virtual, err ? strerror(err) : "ok", missed0, missed1);
	s->var = after;
}

static void check_bad_pan(struct fbstate *s)
{
	struct fb_var_screeninfo v;
	int errs[5], ok = 1;

	for (int i = 0; i < 5; i++) {
		v = s->var;
		switch (i) {
		case 0: v.yoffset = s->var.yres_virtual - s->var.yres + 1; break;
		case 1: v.xoffset = 1; break;
		case 2: v.yoffset = 0xffffffffu; break;
		case 3: v.yoffset = s->var.yres_virtual; break;
		case 4: v.vmode |= FB_VMODE_YWRAP; v.yoffset = 1; break;
		}
		errs[i] = ioctl(s->fd, FBIOPAN_DISPLAY, &v) ? errno : 0;
		if (errs[i] != EINVAL)
			ok = 0;
	}
	report("pan_bad", ok, "errno %d %d %d %d %d (EINVAL=%d)", errs[0],
	       errs[1], errs[2], errs[3], errs[4], EINVAL);
}

static void check_unknown_ioctl(struct fbstate *s)
{
	int e1, e2, ok;
	char buf[256] = { 0 };

	ok = ioctl(s->fd, _IO('F', 0x7f), buf) == -1;
	e1 = errno;
	ok &= ioctl(s->fd, _IOWR('X', 0x42, int), buf) == -1;
	e2 = errno;
	ok = ok && e1 == ENOTTY && e2 == ENOTTY;
	report("unknown_ioctl", ok, "%s; %s", strerror(e1), strerror(e2));
}

static void check_blank(struct fbstate *s)
{
	int e1 = ioctl(s->fd, FBIOBLANK, FB_BLANK_POWERDOWN) ? errno : 0;
	long long vb0 = sys_ll("vblank_count"), vb1;
	double t0 = now(), dt;
	int ew = wait_vsync(s->fd);
	int e2, e3;

	dt = now() - t0;
	vb1 = sys_ll("vblank_count");
	e2 = ioctl(s->fd, FBIOBLANK, FB_BLANK_UNBLANK) ? errno : 0;
	e3 = wait_vsync(s->fd);
	report("vsync_timeout", ew == -ETIMEDOUT && dt > 0.05 &&
	       vb1 == vb0,
	       "powered down: FBIO_WAITFORVSYNC %s after %.3f s, vblanks %lld->%lld",
	       strerror(-ew), dt, vb0, vb1);
	report("blank_unblank", !e1 && !e2 && !e3,
	       "powerdown %s, unblank %s, vsync after unblank %s",
	       strerror(e1), strerror(e2), strerror(-e3));
}

/* Find the vtconsole driven by fbcon; -1 if none. */
static int fbcon_vtcon(char *path, size_t size)
{
	char name[128];

	for (int i = 0; i < 8; i++) {
		snprintf(path, size, "/sys/class/vtconsole/vtcon%d/name", i);
		if (read_file(path, name, sizeof(name)))
			continue;
		if (strstr(name, "frame buffer")) {
			snprintf(path, size, "/sys/class/vtconsole/vtcon%d/bind",
				 i);
			return i;
		}
	}
	return -1;
}

/*
 * Hand fb0 to the framebuffer console, print on tty1 and look for the
 * glyphs in the buffer (setcolreg, sys_imageblit/fillrect), then take
 * the console back so that the module can be unloaded later.
 */
static void check_fbcon(struct fbstate *s)
{
	struct fb_con2fbmap map = { .console = 1, .framebuffer = 0 };
	size_t len = (size_t)s->fix.line_length * s->var.yres;
	char path[96], bound[16] = "?";
	size_t lit = 0;
	int err, tty, unbind = -1;
	volatile uint32_t *fb;

	fb = mmap(NULL, s->fix.smem_len, PROT_READ | PROT_WRITE, MAP_SHARED,
		  s->fd, 0);
	if (fb == MAP_FAILED) {
		report("fbcon_draws", 0, "mmap: %s", strerror(errno));
		return;
	}
	for (size_t i = 0; i < s->fix.smem_len / 4; i++)
		fb[i] = 0;
	err = ioctl(s->fd, FBIOPUT_CON2FBMAP, &map) ? errno : 0;
	tty = open("/dev/tty1", O_WRONLY | O_NOCTTY);
	if (!err && tty >= 0) {
		for (int i = 0; i < 10; i++)
			dprintf(tty, "fbmmap console test line %d\n", i);
		usleep(100000);
		for (size_t i = 0; i < len / 4; i++)
			if (fb[i] & 0xffffff)
				lit++;
	}
	if (tty >= 0)
		close(tty);
	if (fbcon_vtcon(path, sizeof(path)) >= 0) {
		unbind = write_file(path, "0");
		read_file(path, bound, sizeof(bound));
	}
	munmap((void *)fb, s->fix.smem_len);
	report("fbcon_draws", !err && lit > 1000 && !unbind &&
	       !strcmp(bound, "0"),
	       "con2fbmap %s, %zu lit pixels after 10 lines on tty1, fbcon unbind %d (bind=%s)",
	       strerror(err), lit, unbind, bound);
}

static void check_cycles(void)
{
	int i, err = 0;
	double t0 = now();

	for (i = 0; i < 1000; i++) {
		struct fbstate s;
		volatile uint32_t *p;

		err = fb_open(&s);
		if (err)
			break;
		p = mmap(NULL, s.fix.smem_len, PROT_READ | PROT_WRITE,
			 MAP_SHARED, s.fd, 0);
		if (p == MAP_FAILED) {
			err = -errno;
			close(s.fd);
			break;
		}
		p[i] = i;
		p[s.fix.smem_len / 4 - 1 - i] = i;
		if (p[i] != (uint32_t)i)
			err = -EIO;
		err |= munmap((void *)p, s.fix.smem_len);
		err |= close(s.fd);
		if (err)
			break;
	}
	report("open_mmap_cycles", i == 1000 && !err,
	       "%d of 1000 cycles in %.2f s, err %d", i, now() - t0, err);
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void fuzz_child(int fd, int iterations)
{
	static unsigned char buf[8192] __attribute__((aligned(64)));
	unsigned char *edge;

	/* a page followed by a guard page, for structs cut short */
	edge = mmap(NULL, 2 * page_size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (edge == MAP_FAILED || mprotect(edge + page_size, page_size,
					   PROT_NONE))
		_exit(4);
	edge += page_size;
	for (int i = 0; i < iterations; i++) {
		unsigned int nr = rnd() % 0x30, cmd;
		unsigned long arg;

		switch (rnd() % 4) {
		case 0:
			cmd = 0x4600 | nr;
			break;
		case 1:
			cmd = _IOC(rnd() % 4, 'F', nr, rnd() % 256);
			break;
		case 2:
			/* the driver's own ioctls, more often */
			cmd = rnd() % 2 ? FBIO_WAITFORVSYNC : FBIOGET_VBLANK;
			break;
		default:
			cmd = (unsigned int)rnd();
			break;
		}
		/* remapping consoles to fb0 would hand it to fbcon */
		if (cmd == FBIOPUT_CON2FBMAP)
			continue;
		for (size_t j = 0; j < 1024; j += 8) {
			uint64_t r = rnd();

			/* mostly small numbers, so some requests parse */
			if (r % 3)
				r %= 4096;
			memcpy(buf + j, &r, 8);
		}
		switch (rnd() % 5) {
		case 0:
			arg = 0;
			break;
		case 1:
			arg = rnd() % 8;
			break;
		case 2:
			arg = (unsigned long)rnd();
			break;
		case 3:
			arg = (unsigned long)(edge - 1 - rnd() % 64);
			break;
		default:
			arg = (unsigned long)buf;
			break;
		}
		ioctl(fd, cmd, arg);
	}
	_exit(0);
}

static void check_fuzz(struct fbstate *s, const char *ko)
{
	const struct fb_var_screeninfo good = s->var;
	struct fb_var_screeninfo after;
	int status = -1, err;
	double t0 = now();
	pid_t pid;

	(void)ko;
	pid = fork();
	if (pid == 0) {
		alarm(60);
		fuzz_child(s->fd, 20000);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		status = -1;
	/* restore whatever the fuzzer changed */
	ioctl(s->fd, FBIOBLANK, FB_BLANK_UNBLANK);
	after = good;
	after.activate = FB_ACTIVATE_NOW;
	err = put_var_err(s->fd, &after);
	pan_to(s, 0);
	err |= wait_vsync(s->fd);
	ioctl(s->fd, FBIOGET_VSCREENINFO, &after);
	report("ioctl_fuzz",
	       WIFEXITED(status) && WEXITSTATUS(status) == 0 && !err &&
	       after.yres_virtual == good.yres_virtual,
	       "20000 random ioctls in %.2f s, child status 0x%x, device %s afterwards",
	       now() - t0, status, err ? "broken" : "fine");
}

static int iomem_has_fbmmap(void)
{
	char line[256];
	int found = 0;
	FILE *f = fopen("/proc/iomem", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, ": fbmmap"))
			found = 1;
	fclose(f);
	return found;
}

/*
 * Fill nearly all free memory with a known pattern; if the driver had
 * given the display memory back at unbind, some of these pages would be
 * it, and writes through the stale mapping would show up here.
 */
static size_t canary_bytes;

static uint64_t *canary_fill(void)
{
	char line[128];
	long long free_kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");
	uint64_t *c;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemFree: %lld kB", &free_kb) == 1)
			break;
	if (f)
		fclose(f);
	if (free_kb < 64 * 1024)
		return NULL;
	canary_bytes = (size_t)(free_kb - 24 * 1024) * 1024;
	c = mmap(NULL, canary_bytes, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (c == MAP_FAILED)
		return NULL;
	for (size_t i = 0; i < canary_bytes / 8; i++)
		c[i] = 0xc0ffee0000000000ull ^ i;
	return c;
}

static size_t canary_bad(uint64_t *c)
{
	size_t bad = 0;

	for (size_t i = 0; i < canary_bytes / 8; i++)
		if (c[i] != (0xc0ffee0000000000ull ^ i))
			bad++;
	munmap(c, canary_bytes);
	return bad;
}

static void check_unbind(int have_region, const char *suffix)
{
	char name[64], name2[64];
	struct fbstate s;
	uint32_t *map;
	uint64_t *canary;
	size_t len, words, bad, canary_errs = (size_t)-1;
	int err, e_ioctl, busy_before, busy_after, gone, ok;

	snprintf(name, sizeof(name), "unbind_while_mapped%s", suffix);
	snprintf(name2, sizeof(name2), "rebind%s", suffix);
	err = fb_open(&s);
	if (err) {
		report(name, 0, "open: %s", strerror(-err));
		report(name2, 0, "not run");
		return;
	}
	len = s.fix.smem_len;
	words = len / 4;
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, s.fd, 0);
	if (map == MAP_FAILED) {
		report(name, 0, "mmap: %s", strerror(errno));
		report(name2, 0, "not run");
		close(s.fd);
		return;
	}
	err = bind_device("unbind");
	gone = wait_fb(0);
	e_ioctl = ioctl(s.fd, FBIOGET_VSCREENINFO, &s.var) ? errno : 0;
	canary = canary_fill();
	/* write through the old mapping: the memory must still be ours */
	for (size_t i = 0; i < words; i++)
		map[i] = pattern(i, 0x5555);
	bad = words;
	for (size_t i = 0; i < words; i++) {
		if (map[i] != pattern(i, 0x5555)) {
			bad = i;
			break;
		}
	}
	if (canary)
		canary_errs = canary_bad(canary);
	busy_before = iomem_has_fbmmap();
	munmap(map, len);
	close(s.fd);
	busy_after = iomem_has_fbmmap();
	ok = !err && gone && e_ioctl == ENODEV && bad == words &&
	     canary_errs == 0;
	if (have_region)
		ok = ok && busy_before == 1 && busy_after == 0;
	report(name, ok,
	       "unbind %d, fb0 gone %d, ioctl after unbind: %s, %zu words rewritten, first bad %zd, %zd of %zu canary words changed, region held while mapped %d, after close %d",
	       err, gone, strerror(e_ioctl), words,
	       bad == words ? (ssize_t)-1 : (ssize_t)bad,
	       (ssize_t)canary_errs, canary_bytes / 8, busy_before,
	       busy_after);

	err = bind_device("bind");
	ok = !err && wait_fb(1);
	if (ok) {
		ok = !fb_open(&s);
		if (ok) {
			long long nbuf = sys_ll("buffers");

			ok = nbuf == buffers_got &&
			     s.var.yres_virtual == s.var.yres * nbuf &&
			     !wait_vsync(s.fd);
			close(s.fd);
			report(name2, ok, "bind %d, buffers %lld", err, nbuf);
			return;
		}
	}
	report(name2, 0, "bind: %s", strerror(-err));
}

static int map_fill(struct fbstate *s, uint32_t **map, uint32_t seed)
{
	*map = mmap(NULL, s->fix.smem_len, PROT_READ | PROT_WRITE,
		    MAP_SHARED, s->fd, 0);
	if (*map == MAP_FAILED)
		return -errno;
	for (size_t i = 0; i < s->fix.smem_len / 4; i++)
		(*map)[i] = pattern(i, seed);
	return 0;
}

/* Index of the first word that lost its pattern, or -1. */
static ssize_t map_first_bad(const uint32_t *map, size_t len, uint32_t seed)
{
	for (size_t i = 0; i < len / 4; i++)
		if (map[i] != pattern(i, seed))
			return i;
	return -1;
}

/*
 * Rebind while the old framebuffer is still mapped: the new device gets
 * memory of its own, beside the old buffers and never over them. Where the
 * old buffers fill a device-tree pool (board, --pool) the bind must fail
 * for want of memory instead. Either way the old mapping keeps its data,
 * its release leaves the new device alone, and once it has gone a rebind
 * gets every buffer back.
 */
static void check_rebind_while_mapped(const char *suffix)
{
	struct fbstate a, b = { .fd = -1 };
	uint32_t *map_a, *map_b = MAP_FAILED;
	unsigned long a0, a1, b0 = 0, b1 = 0;
	size_t frame;
	ssize_t bad_a, bad_b = -1;
	long long nbuf = -1;
	int err, e_bind, bound, pool_full, overlap = 0, vsync = 0, full = 0;
	char name[64];

	snprintf(name, sizeof(name), "rebind_while_mapped%s", suffix);
	err = fb_open(&a);
	if (!err)
		err = map_fill(&a, &map_a, 0x7777);
	if (!err)
		err = bind_device("unbind");
	if (!err && !wait_fb(0))
		err = -EBUSY;
	if (err) {
		report(name, 0, "set-up: %s", strerror(-err));
		return;
	}
	a0 = a.fix.smem_start;
	a1 = a0 + a.fix.smem_len;
	frame = (size_t)a.fix.line_length * a.var.yres;
	pool_full = pool_size && pool_size - a.fix.smem_len < frame;

	e_bind = bind_device("bind");
	bound = wait_fb(1);
	if (bound && !fb_open(&b) && !map_fill(&b, &map_b, 0x9999)) {
		b0 = b.fix.smem_start;
		b1 = b0 + b.fix.smem_len;
		overlap = a0 < b1 && b0 < a1;
	}
	bad_a = map_first_bad(map_a, a.fix.smem_len, 0x7777);
	munmap(map_a, a.fix.smem_len);
	close(a.fd);	/* the old fb_info goes: its memory is freed */
	if (map_b != MAP_FAILED) {
		bad_b = map_first_bad(map_b, b.fix.smem_len, 0x9999);
		vsync = wait_vsync(b.fd);
		munmap(map_b, b.fix.smem_len);
	}
	if (b.fd >= 0)
		close(b.fd);

	if ((!bound || (!bind_device("unbind") && wait_fb(0))) &&
	    !bind_device("bind") && wait_fb(1)) {
		nbuf = sys_ll("buffers");
		full = nbuf == buffers_got;
	}
	if (pool_full)
		err = !(e_bind && !bound);
	else
		err = !(bound && map_b != MAP_FAILED && !overlap &&
			bad_b == -1 && !vsync);
	report(name, !err && bad_a == -1 && full,
	       "old %#lx+%#lx; %s: bind %s, new %#lx+%#lx%s, new kept its data after the old went %s, vsync %s; old kept its data %s; next rebind %lld of %u buffers",
	       a0, a1 - a0,
	       pool_full ? "the old buffers fill the pool, the bind must fail" :
			   "the new device must bind apart",
	       e_bind ? strerror(-e_bind) : "ok", b0, b1 - b0,
	       overlap ? " OVERLAP" : "", bad_b == -1 ? "yes" : "no",
	       strerror(-vsync), bad_a == -1 ? "yes" : "no", nbuf,
	       buffers_got);
}

/* 1 if [start, end) lies in one "System RAM" range of /proc/iomem */
static int in_system_ram(unsigned long start, unsigned long end)
{
	char line[256];
	unsigned long lo, hi;
	int found = 0;
	FILE *f = fopen("/proc/iomem", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, ": System RAM") &&
		    sscanf(line, "%lx-%lx", &lo, &hi) == 2 &&
		    start >= lo && end - 1 <= hi)
			found = 1;
	if (f)
		fclose(f);
	return found;
}

/* The memory comes from the device-tree pool if there is one, else not. */
static void check_memory_source(const struct fbstate *s, unsigned long base,
				unsigned long size)
{
	unsigned long start = s->fix.smem_start;
	unsigned long end = start + s->fix.smem_len;
	int inside = start >= base && end <= base + size;

	if (size)
		report("memory_source", inside,
		       "%#lx+%#x %s the memory-region pool %#lx+%#lx", start,
		       s->fix.smem_len, inside ? "inside" : "NOT inside", base,
		       size);
	else
		report("memory_source", in_system_ram(start, end),
		       "%#lx+%#x %s system RAM (CMA)", start, s->fix.smem_len,
		       in_system_ram(start, end) ? "inside" : "NOT inside");
}

static void check_rmmod(void)
{
	struct fbstate s;
	void *map;
	int e1, e2;

	if (fb_open(&s)) {
		report("rmmod_while_mapped", 0, "open failed");
		return;
	}
	map = mmap(NULL, s.fix.smem_len, PROT_READ | PROT_WRITE, MAP_SHARED,
		   s.fd, 0);
	close(s.fd);	/* only the mapping holds the device now */
	if (map == MAP_FAILED) {
		report("rmmod_while_mapped", 0, "mmap: %s", strerror(errno));
		return;
	}
	e1 = unload_module();
	((volatile uint32_t *)map)[0] = 1;
	munmap(map, s.fix.smem_len);
	e2 = unload_module();
	report("rmmod_while_mapped",
	       (e1 == -EAGAIN || e1 == -EBUSY) && !e2 &&
	       !exists("/sys/module/" MODNAME),
	       "while mapped: %s; after munmap: %s", strerror(-e1),
	       e2 ? strerror(-e2) : "unloaded");
}

static void check_fallback(const char *ko)
{
	static const struct expect e = {
		.suffix = "_dma", .width = 800, .height = 480, .bpp = 32,
		.buffers_wanted = 4, .refresh = 50, .exact_buffers = 0,
	};
	struct fbstate s;
	int err;
	char *log, *p;
	int size, fallback_line = 0, fallback_needed;

	err = load_module(ko, "width=800 height=480 buffers=4 refresh_hz=50");
	if (!err)
		err = wait_fb(1) ? fb_open(&s) : -ENOENT;
	if (err) {
		report("load_dma", 0, "insmod/open: %s", strerror(-err));
		return;
	}
	report("load_dma", 1, "insmod without region, 800x480x4 at 50 Hz");
	check_infos(&e, &s);
	fallback_needed = buffers_got < 4;
	size = klogctl(10, NULL, 0);
	log = calloc(1, size + 1);
	if (log && klogctl(3, log, size) > 0) {
		for (p = log; (p = strstr(p, "only ")); p++)
			if (strstr(p, "of 4 buffers") &&
			    strstr(p, "of 4 buffers") < strchr(p, '\n'))
				fallback_line++;
	}
	free(log);
	report("fallback_log", fallback_line == fallback_needed,
	       "%u of 4 buffers, %d fallback log line(s)", buffers_got,
	       fallback_line);
	check_mmap_rw(&e, &s);
	check_mmap_bounds(&e, &s);
	check_mmap_private(&e, &s);
	check_read_write_end(&e, &s);
	check_pan_vsync(&e, &s);
	close(s.fd);
	check_unbind(0, "_dma");
	check_rebind_while_mapped("_dma");
	err = unload_module();
	report("rmmod_dma", !err, "%s", err ? strerror(-err) : "unloaded");
}

static void check_dmesg(void)
{
	static const char *const bad[] = {
		"WARNING:", "BUG:", "Oops", "KASAN", "UBSAN", "Call Trace",
		"general protection", "kernel BUG", "RIP:", "list_del corruption",
		"refcount_t:", "Unable to handle",
	};
	int size = klogctl(10, NULL, 0);
	char *log = calloc(1, size + 1), *line, *save;
	char first[200] = "";
	int n = 0, lines = 0;

	if (!log || klogctl(3, log, size) < 0) {
		report("dmesg_clean", 0, "cannot read the kernel log");
		return;
	}
	for (line = strtok_r(log, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		lines++;
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			if (strstr(line, bad[i])) {
				if (!n++)
					snprintf(first, sizeof(first), "%s",
						 line);
				break;
			}
		}
	}
	report("dmesg_clean", n == 0, "%d of %d lines bad%s%s", n, lines,
	       n ? ", first: " : "", first);
	free(log);
}

/*
 * Everything checked on an open framebuffer, on x86 and on the board:
 * memory, mmap rules, read/write, panning and vsync, bad requests, blank,
 * a fuzzer; the page-table memory type where it must be write-combined.
 */
static void check_open_device(const struct expect *e, struct fbstate *s,
			      int memtype, const char *ko)
{
	check_mmap_rw(e, s);
	check_mmap_bounds(e, s);
	check_mmap_private(e, s);
	check_read_write_end(e, s);
	if (memtype)
		check_memtype(s);
	check_pan_vsync(e, s);
	check_missed_flips(s);
	check_vsync_args(s);
	check_vblank_count(s);
	check_put_var(s);
	check_bad_pan(s);
	check_unknown_ioctl(s);
	check_blank(s);
	check_fuzz(s, ko);
}

static void run_board(const char *ko, unsigned long pool_base,
		      unsigned long pool_size)
{
	static const struct expect board = {
		.suffix = "", .width = 1024, .height = 600, .bpp = 32,
		.buffers_wanted = 3, .refresh = 60, .exact_buffers = 1,
	};
	struct fbstate s;
	int err;

	err = load_module(ko, "buffers=3");
	if (!err)
		err = wait_fb(1) ? fb_open(&s) : -ENOENT;
	report("load", !err, "insmod buffers=3, %s on %s: %s", device_name,
	       driver_name, err ? strerror(-err) : "ok");
	if (err)
		return;
	check_params();
	check_infos(&board, &s);
	check_memory_source(&s, pool_base, pool_size);
	check_open_device(&board, &s, memtype_ko != NULL, ko);
	close(s.fd);
	check_cycles();
	check_unbind(0, "");
	check_rebind_while_mapped("");
	check_rmmod();
}

static void run_x86(const char *ko, const char *base, const char *size)
{
	static const struct expect region = {
		.suffix = "", .width = 1024, .height = 600, .bpp = 32,
		.buffers_wanted = 2, .refresh = 60, .exact_buffers = 1,
	};
	char params[200] = "";
	struct fbstate s;
	int err;

	if (base)
		snprintf(params, sizeof(params), "mem_base=%s mem_size=%s",
			 base, size);
	err = load_module(ko, params);
	if (!err)
		err = wait_fb(1) ? fb_open(&s) : -ENOENT;
	report("load", !err, "insmod %s: %s", params,
	       err ? strerror(-err) : "ok");
	if (err)
		return;
	check_params();
	check_infos(&region, &s);
	check_open_device(&region, &s, memtype_ko && base, ko);
	check_fbcon(&s);
	close(s.fd);
	check_cycles();
	check_unbind(base != NULL, "");
	check_rebind_while_mapped("");
	check_rmmod();
	check_fallback(ko);
}

static int usage(const char *argv0)
{
	fprintf(stderr,
		"usage: %s [--memtype pte_memtype.ko] [--board DEVICE [--pool BASE SIZE]] fbmmap.ko [BASE SIZE]\n",
		argv0);
	return 2;
}

int main(int argc, char **argv)
{
	unsigned long pool_base = 0;
	int i = 1;

	while (i < argc && !strncmp(argv[i], "--", 2)) {
		if (!strcmp(argv[i], "--board") && i + 1 < argc) {
			on_board = 1;
			bus_dir = "/sys/bus/amba";
			driver_name = "fbmmap-pl111";
			device_name = argv[i + 1];
			i += 2;
		} else if (!strcmp(argv[i], "--memtype") && i + 1 < argc) {
			memtype_ko = argv[i + 1];
			i += 2;
		} else if (!strcmp(argv[i], "--pool") && i + 2 < argc) {
			pool_base = strtoul(argv[i + 1], NULL, 0);
			pool_size = strtoul(argv[i + 2], NULL, 0);
			if (!pool_size)
				return usage(argv[0]);
			i += 3;
		} else {
			return usage(argv[0]);
		}
	}
	if ((argc - i != 1 && argc - i != 3) || (on_board && argc - i != 1) ||
	    (pool_size && !on_board))
		return usage(argv[0]);
	page_size = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IONBF, 0);

	if (on_board)
		run_board(argv[i], pool_base, pool_size);
	else
		run_x86(argv[i], argc - i == 3 ? argv[i + 1] : NULL,
			argc - i == 3 ? argv[i + 2] : NULL);
	check_dmesg();
	printf("FBTEST-DONE %d\n", failures);
	return failures ? 1 : 0;
}
