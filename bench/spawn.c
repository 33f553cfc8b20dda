/*
 * Run one command, wait for it, and record its wall time, CPU time and peak RSS.
 *
 * Usage: spawn RESULT_FILE COMMAND [ARG...]
 *
 * Writes "<wall_seconds> <cpu_seconds> <max_rss_kb>\n" to RESULT_FILE and exits with the command's status
 * (128 + signal number if it was killed). bench/run.py compiles it into bench/.work/.
 *
 * Why not spawn from Python directly: on Linux a child's ru_maxrss also counts the memory
 * of the process it was forked (or vforked) from, up to its exec. Spawned from the
 * benchmark's Python process, every tool would report at least that process's peak RSS.
 * This wrapper is tiny, so the fork it makes carries almost nothing into the command.
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double monotonic_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static double seconds(struct timeval time)
{
    return (double)time.tv_sec + (double)time.tv_usec / 1e6;
}

static int exit_code(int status)
{
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: spawn RESULT_FILE COMMAND [ARG...]\n");
        return 2;
    }
    double start = monotonic_seconds();
    pid_t child = fork();
    if (child < 0) {
        perror("spawn: fork");
        return 125;
    }
    if (child == 0) {
        execvp(argv[2], argv + 2);
        perror("spawn: exec");
        _exit(127);
    }
    int status;
    struct rusage usage;
    if (wait4(child, &status, 0, &usage) < 0) {
        perror("spawn: wait4");
        return 125;
    }
    double elapsed = monotonic_seconds() - start;
    FILE *result = fopen(argv[1], "w");
    if (result == NULL) {
        perror("spawn: result file");
        return 125;
    }
    double cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    fprintf(result, "%.6f %.6f %ld\n", elapsed, cpu, usage.ru_maxrss);
    fclose(result);
    return exit_code(status);
}
