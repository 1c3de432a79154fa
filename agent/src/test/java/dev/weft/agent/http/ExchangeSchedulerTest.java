package dev.weft.agent.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduler with stand-ins for the JDK server's exchanges: a stalled client is a read that
 * blocks until its thread is interrupted (as a channel read does), a complete request is read at once.
 */
class ExchangeSchedulerTest {

    /** 2 threads, 3 waiting, 2 s to send a request, 1 s to take the answer, a thread yields after 200 ms. */
    private static final ExchangeScheduler.Limits SMALL = new ExchangeScheduler.Limits(2, 3, 2_000, 1_000, 200, 20);

    private final List<String> events = new CopyOnWriteArrayList<>();
    private ExchangeScheduler scheduler;

    @AfterEach
    void stop() {
        scheduler.stop();
    }

    /** A client that sends part of its request and stops: it blocks until cut off. */
    private Runnable stalled(String name) {
        return () -> {
            if (Thread.currentThread().isInterrupted()) {
                events.add(name + " closed unread");
                return;
            }
            events.add(name + " reading");
            try {
                Thread.sleep(60_000);
                events.add(name + " never cut");
            } catch (InterruptedException e) {
                events.add(name + " cut");
            }
        };
    }

    /** A scrape: the whole request is there, so it is read at once and answered. */
    private Runnable complete(String name, CountDownLatch answered) {
        return () -> {
            if (Thread.currentThread().isInterrupted()) {
                events.add(name + " closed unread");
                return;
            }
            assertTrue(scheduler.requestRead());
            events.add(name + " answered");
            answered.countDown();
        };
    }

    private void awaitEvent(String event) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!events.contains(event)) {
            assertTrue(System.nanoTime() < until, "no '" + event + "' in 10 s: " + events);
            Thread.sleep(10);
        }
    }

    /** Stalled clients that hold a thread each, as the first to come. */
    private void onThreads(String... names) throws InterruptedException {
        for (String name : names) {
            scheduler.execute(stalled(name));
            awaitEvent(name + " reading");
        }
    }

    @Test
    void aCompleteRequestIsTakenAheadOfStalledOnesAndTheirThreadsAreGivenUpToIt() throws Exception {
        scheduler = new ExchangeScheduler(SMALL);
        onThreads("stalled1", "stalled2");
        scheduler.execute(stalled("stalled3"));
        scheduler.execute(stalled("stalled4"));
        CountDownLatch answered = new CountDownLatch(1);
        scheduler.execute(complete("scrape", answered));

        assertTrue(answered.await(10, TimeUnit.SECONDS), events.toString());
        // It did not wait for the stalled clients' deadline (2 s), only for a thread to be given up.
        assertEquals(0, scheduler.closedUnread(), events.toString());
        List<String> before = events.subList(0, events.indexOf("scrape answered"));
        assertTrue(before.contains("stalled1 cut") || before.contains("stalled2 cut"), events.toString());
        // Newest first: the scrape took the first thread given up, ahead of the stalled clients before it.
        assertFalse(before.contains("stalled3 reading"), events.toString());

        // The stalled clients are all cut off in the end, none left holding a thread.
        for (int i = 1; i <= 4; i++) {
            awaitEvent("stalled" + i + " cut");
        }
        assertFalse(events.toString().contains("never cut"));
    }

    @Test
    void pastTheCapTheOldestWaitingConnectionIsClosedUnread() throws Exception {
        scheduler = new ExchangeScheduler(SMALL);
        onThreads("stalled1", "stalled2");
        for (int i = 3; i <= 7; i++) {
            scheduler.execute(stalled("stalled" + i));
        }
        // 2 on threads, 3 waiting (5, 6, 7 are the newest), so 3 and 4 are closed without a read.
        awaitEvent("stalled3 closed unread");
        awaitEvent("stalled4 closed unread");
        assertEquals(2, scheduler.closedUnread(), events.toString());
        for (int i : new int[] {1, 2, 5, 6, 7}) {
            awaitEvent("stalled" + i + " cut");
        }
        assertFalse(events.contains("stalled5 closed unread"), events.toString());
    }

    @Test
    void aConnectionThatWaitedPastItsDeadlineIsClosedUnreadAndWeftsOwnWorkIsNeverCut() throws Exception {
        scheduler = new ExchangeScheduler(SMALL);
        AtomicInteger interrupted = new AtomicInteger();
        CountDownLatch working = new CountDownLatch(2);
        for (int i = 1; i <= 2; i++) {
            String name = "slow collection" + i;
            scheduler.execute(() -> {
                assertTrue(scheduler.requestRead());
                working.countDown();
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3_000);
                while (System.nanoTime() < until) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                    }
                }
                events.add(name + " done");
            });
        }
        assertTrue(working.await(10, TimeUnit.SECONDS));
        CountDownLatch early = new CountDownLatch(1);
        scheduler.execute(complete("early", early));
        awaitEvent("early closed unread"); // waited 2 s for a thread, longer than its deadline
        CountDownLatch late = new CountDownLatch(1);
        scheduler.execute(complete("late", late));
        assertTrue(late.await(10, TimeUnit.SECONDS), "a request within its deadline is answered: " + events);
        assertEquals(0, interrupted.get(), "Weft's own work is never interrupted");
        assertEquals(0, scheduler.cut());
        assertFalse(events.contains("early answered"));
    }

    @Test
    void aClientThatDoesNotTakeItsAnswerIsCutAndTheThreadServesTheNextOneClean() throws Exception {
        scheduler = new ExchangeScheduler(new ExchangeScheduler.Limits(1, 3, 2_000, 300, 200, 20));
        scheduler.execute(() -> {
            assertTrue(scheduler.requestRead());
            assertTrue(scheduler.answering());
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                events.add("writer cut");
            }
        });
        awaitEvent("writer cut");
        CountDownLatch next = new CountDownLatch(1);
        scheduler.execute(complete("next", next));
        assertTrue(next.await(10, TimeUnit.SECONDS), events.toString());
        assertEquals(1, scheduler.cut());
    }

    @Test
    void aStoppedSchedulerTakesNoMore() {
        scheduler = new ExchangeScheduler(SMALL);
        scheduler.stop();
        try {
            scheduler.execute(stalled("late"));
            throw new AssertionError("taken after stop");
        } catch (java.util.concurrent.RejectedExecutionException expected) {
            assertTrue(events.isEmpty());
        }
    }
}
