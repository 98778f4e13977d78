// C with POSIX threads, built for wasi-threads (tests/build-guests.sh: zig's clang and headers,
// linked against the threads-enabled wasi-libc that Rust's wasm32-wasip1-threads target ships).
// Deterministic output, compared with the same program built natively.
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define THREADS 4
#define ROUNDS 1000

static atomic_int total;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static int turn;           // whose turn it is (condvar hand-off, in thread order)
static int order[THREADS]; // the order the hand-off went in
static int counted;
static _Thread_local int mine;

static void *work(void *arg) {
  int k = (int)(long)arg;
  for (int i = 0; i < ROUNDS; i++) {
    atomic_fetch_add(&total, k + 1);
    mine += k + 1;
    pthread_mutex_lock(&lock);
    counted++;
    pthread_mutex_unlock(&lock);
  }
  pthread_mutex_lock(&lock);
  while (turn != k) pthread_cond_wait(&turn_changed, &lock);
  order[k] = turn++;
  pthread_cond_broadcast(&turn_changed);
  pthread_mutex_unlock(&lock);
  return (void *)(long)mine; // this thread's own thread-local
}

int main(void) {
  pthread_t t[THREADS];
  for (long k = 0; k < THREADS; k++) {
    if (pthread_create(&t[k], NULL, work, (void *)k) != 0) {
      printf("pthread_create failed\n");
      return 1;
    }
  }
  long joined = 0;
  for (int k = 0; k < THREADS; k++) {
    void *r;
    pthread_join(t[k], &r);
    printf("thread %d returned %ld\n", k, (long)r);
    joined += (long)r;
  }
  printf("atomic total %d, under the mutex %d, joined %ld\n", atomic_load(&total), counted, joined);
  printf("condvar hand-off order %d %d %d %d, main's thread-local %d\n", order[0], order[1], order[2], order[3], mine);
  return 0;
}
