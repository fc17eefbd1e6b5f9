// damon-workload: performs a workload (src/sim/workload.ts) on a real kernel, so that its DAMON
// sees the accesses the simulator is given. test/fidelity/plan.ts turns the workload JSON into
// the plan this reads: one line per record,
//   area <start> <size> <hugepage 0|1> <loop 0|1> <nr_phases>
//   phase <duration_us> <access_hz> <i|s|c>        (independent, sweep, coherent)
//   seconds <S>
// It maps each area at its start (MAP_FIXED_NOREPLACE), asks for THP with madvise(MADV_HUGEPAGE)
// or refuses it with MADV_NOHUGEPAGE, touches every page once, prints "ready <pid>" and waits
// for a line on stdin. Then it runs S seconds in 1 ms slices, doing each slice's share of every
// area's accesses:
//   independent: random pages at N * hz touches per second;
//   sweep:       pages in address order, N * hz touches per second (hz passes per second);
//   coherent:    at Poisson events of rate hz, every page of the area.
// A slice that comes late does only one slice's work (at most 20 ms' worth): a guest that cannot
// keep up runs slower, and the rates it achieved are what it reports, one line per area and
// phase index:
//   achieved <area> <phase> <seconds> <touches> <events>
// so the simulator can be fed what the kernel really saw (qemu TCG runs ~20x slower than native).
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define PAGE 4096UL
#define MAX_AREAS 64
#define MAX_PHASES 16

struct phase {
	double duration_us, hz;
	char pattern;
	double seconds, touches, events; /* achieved, summed over every time this phase ran */
};

struct area {
	uintptr_t start;
	size_t size, pages;
	int huge, loop, nr_phases;
	struct phase phases[MAX_PHASES];
	double period_us, carry;
	size_t head;
	volatile char *mem;
};

static struct area areas[MAX_AREAS];
static int nr_areas;
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void die(const char *what)
{
	fprintf(stderr, "damon-workload: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* The phase an area is in at time t (µs since go), as areaPhaseAt() in src/sim/workload.ts. */
static struct phase *phase_at(struct area *a, double t)
{
	if (a->loop)
		t = fmod(t, a->period_us);
	for (int i = 0; i < a->nr_phases; i++) {
		if (t < a->phases[i].duration_us)
			return &a->phases[i];
		t -= a->phases[i].duration_us;
	}
	return &a->phases[a->nr_phases - 1];
}

static void touch(struct area *a, size_t page)
{
	a->mem[page * PAGE] = (char)page;
}

/* One slice: dt_us of work, in a slice that really lasted real_us. */
static void run_slice(struct area *a, struct phase *p, double dt_us, double real_us)
{
	double touches = 0, events = 0;
	p->seconds += real_us / 1e6;
	if (p->hz <= 0)
		return;
	if (p->pattern == 'c') {
		double n = 1 - exp(-p->hz * dt_us / 1e6);
		if ((double)(next_rand() >> 11) / 9007199254740992.0 < n) {
			for (size_t i = 0; i < a->pages; i++)
				touch(a, i);
			touches = a->pages;
			events = 1;
		}
	} else {
		double due = a->pages * p->hz * dt_us / 1e6 + a->carry;
		size_t n = (size_t)due;
		a->carry = due - n;
		for (size_t i = 0; i < n; i++) {
			if (p->pattern == 's') {
				touch(a, a->head);
				if (++a->head == a->pages)
					a->head = 0;
			} else {
				touch(a, next_rand() % a->pages);
			}
		}
		touches = n;
	}
	p->touches += touches;
	p->events += events;
}

static void map_area(struct area *a)
{
	void *m = mmap((void *)a->start, a->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (m == MAP_FAILED)
		die("mmap");
	if (a->start && (uintptr_t)m != a->start) {
		errno = EEXIST;
		die("mmap at the area's start");
	}
	if (madvise(m, a->size, a->huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE))
		die("madvise");
	a->mem = m;
	a->pages = a->size / PAGE;
	for (size_t i = 0; i < a->pages; i++)
		touch(a, i);
}

static void read_plan(FILE *f, double *seconds)
{
	char kind[16];
	struct area *a = NULL;
	int want = 0;
	while (fscanf(f, "%15s", kind) == 1) {
		if (!strcmp(kind, "area")) {
			if (nr_areas == MAX_AREAS)
				exit(2);
			a = &areas[nr_areas++];
			unsigned long long start, size;
			if (fscanf(f, "%llu %llu %d %d %d", &start, &size, &a->huge, &a->loop, &want) != 5 || want < 1 || want > MAX_PHASES)
				exit(2);
			a->start = start;
			a->size = size;
		} else if (!strcmp(kind, "phase") && a && a->nr_phases < want) {
			struct phase *p = &a->phases[a->nr_phases++];
			if (fscanf(f, "%lf %lf %c", &p->duration_us, &p->hz, &p->pattern) != 3)
				exit(2);
			a->period_us += p->duration_us;
		} else if (!strcmp(kind, "seconds")) {
			if (fscanf(f, "%lf", seconds) != 1)
				exit(2);
		} else {
			fprintf(stderr, "damon-workload: bad plan record %s\n", kind);
			exit(2);
		}
	}
}

int main(int argc, char **argv)
{
	double seconds = 10;
	FILE *f = argc > 1 ? fopen(argv[1], "r") : NULL;
	if (!f) {
		fprintf(stderr, "usage: damon-workload PLAN\n");
		return 2;
	}
	read_plan(f, &seconds);
	fclose(f);
	for (int i = 0; i < nr_areas; i++)
		map_area(&areas[i]);
	printf("ready %d\n", getpid());
	fflush(stdout);
	char line[16];
	if (!fgets(line, sizeof(line), stdin))
		return 1;

	const double slice = 1000, t0 = now_us();
	double last = t0;
	for (;;) {
		double now = now_us();
		double t = now - t0;
		if (t >= seconds * 1e6)
			break;
		double real = now - last, dt = real;
		if (dt > 20 * slice)
			dt = 20 * slice; /* behind: drop the backlog, the achieved rates say so */
		last = now;
		for (int i = 0; i < nr_areas; i++)
			run_slice(&areas[i], phase_at(&areas[i], t), dt, real);
		double next = t0 + (floor(t / slice) + 1) * slice;
		double wait = next - now_us();
		if (wait > 0) {
			struct timespec ts = { 0, (long)(wait * 1000) };
			nanosleep(&ts, NULL);
		}
	}
	for (int i = 0; i < nr_areas; i++)
		for (int j = 0; j < areas[i].nr_phases; j++) {
			struct phase *p = &areas[i].phases[j];
			printf("achieved %d %d %.6f %.0f %.0f\n", i, j, p->seconds, p->touches, p->events);
		}
	return 0;
}
