package io.jwtauth.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server (GreenMail), which the service reaches through a TCP proxy ({@link SmtpServerResource}); tests
 * read what was delivered, and {@link #stop()} and {@link #start()} it to play an SMTP outage: the proxy drops every
 * connection and refuses new ones, as a stopped server does, while what was delivered before is kept.
 */
public final class SmtpServer {

    /**
     * How long a test waits for a mail: a send that meets a stale pooled SMTP connection waits out the mailer's 10 s
     * timeout and is retried, so the wait is longer than that (what is asserted is which mails arrive, not when).
     */
    private static final Duration AWAIT = Duration.ofSeconds(30);

    /** A delivered mail, as its recipient reads it. */
    public record Received(String to, String subject, String text, String html) {

        private static final Pattern LINK = Pattern.compile("(https?://\\S+)\\?token=([A-Za-z0-9_-]+)");

        /** The link in the text part, up to its query: where it points. */
        public String linkTarget() {
            return link().group(1);
        }

        /** The token the text part's link carries. */
        public String token() {
            return link().group(2);
        }

        private Matcher link() {
            Matcher m = LINK.matcher(text);
            if (!m.find()) {
                throw new AssertionError("no link with a token in: " + text);
            }
            return m;
        }
    }

    private final GreenMail server;
    /** A generic TCP proxy, despite its name (it was written for the database's outages first). */
    private final PostgresProxy proxy;

    SmtpServer() {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        proxy = new PostgresProxy("127.0.0.1", port);
    }

    /** The port the service sends to. */
    public int port() {
        return proxy.port();
    }

    /** SMTP is back. */
    public void start() {
        proxy.restore();
    }

    /** SMTP is gone: open connections are dropped and new ones refused until {@link #start()}. */
    public void stop() {
        proxy.cut();
    }

    void close() {
        proxy.close();
        server.stop();
    }

    /** Every mail delivered to this address so far. */
    public List<Received> to(String address) {
        List<Received> mails = new ArrayList<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            try {
                if (Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().equalsIgnoreCase(address))) {
                    mails.add(read(address, message));
                }
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return mails;
    }

    /** Waits (up to 10 s) until {@code count} mails were delivered to the address, and returns them. */
    public List<Received> await(String address, int count) {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        List<Received> mails = to(address);
        while (mails.size() < count && System.nanoTime() < deadline) {
            pause();
            mails = to(address);
        }
        if (mails.size() < count) {
            throw new AssertionError("expected " + count + " mail(s) to " + address + " within " + AWAIT.toSeconds()
                    + " s, got " + mails);
        }
        return mails;
    }

    /** Mails to the address with this subject, as delivered so far. */
    public List<Received> to(String address, String subject) {
        return to(address).stream().filter(m -> subject.equals(m.subject())).toList();
    }

    /** The one mail to the address with this subject: waits (up to 10 s) for it, fails if there are two. */
    public Received awaitOne(String address, String subject) {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        List<Received> mails = to(address, subject);
        while (mails.isEmpty() && System.nanoTime() < deadline) {
            pause();
            mails = to(address, subject);
        }
        if (mails.size() != 1) {
            throw new AssertionError("expected one mail '" + subject + "' to " + address + " within "
                    + AWAIT.toSeconds() + " s, got " + to(address));
        }
        return mails.get(0);
    }

    /** The one mail to the address: waits for it, then fails if a second one is there. */
    public Received awaitOne(String address) {
        List<Received> mails = await(address, 1);
        if (mails.size() != 1) {
            throw new AssertionError("expected exactly one mail to " + address + ", got " + mails);
        }
        return mails.get(0);
    }

    /**
     * Waits (up to 10 s) until {@code count} mails with this subject were delivered to the address (others, such as
     * sign-in notices, may come too), and returns them; fails if there are more.
     */
    public List<Received> await(String address, String subject, int count) {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        List<Received> mails = to(address, subject);
        while (mails.size() < count && System.nanoTime() < deadline) {
            pause();
            mails = to(address, subject);
        }
        if (mails.size() != count) {
            throw new AssertionError("expected " + count + " mail(s) '" + subject + "' to " + address + " within "
                    + AWAIT.toSeconds() + " s, got " + mails);
        }
        return mails;
    }

    private static Received read(String address, MimeMessage message) throws MessagingException, IOException {
        String[] parts = new String[2];
        collect(message, parts);
        return new Received(address, message.getSubject(), parts[0], parts[1]);
    }

    /** The text/plain and text/html parts, however nested. */
    private static void collect(Part part, String[] parts) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            parts[0] = (String) part.getContent();
        } else if (part.isMimeType("text/html")) {
            parts[1] = (String) part.getContent();
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, parts);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
