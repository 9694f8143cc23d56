package io.quocrmbridge.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * The soak benchmark's chart: panels stacked over one time axis (minutes), each with its own y axis, grid, series
 * and legend, and a dashed line where the traffic stopped. Plain java.awt into a PNG (headless), no dependency.
 */
final class SoakChart {

    /** One line: a name for the legend, a colour, a value per sample (NaN: no value, the line breaks). */
    record Series(String name, Color color, double[] values) {
    }

    /** One panel: its y axis' title and its lines. */
    record Panel(String yTitle, List<Series> series) {
    }

    static final Color BLUE = new Color(0x1f77b4);
    static final Color ORANGE = new Color(0xff7f0e);
    static final Color GREEN = new Color(0x2ca02c);
    static final Color RED = new Color(0xd62728);
    static final Color PURPLE = new Color(0x9467bd);
    static final Color GREY = new Color(0x7f7f7f);

    private static final int WIDTH = 1200;
    private static final int PANEL_HEIGHT = 250;
    private static final int TOP = 96;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int GAP = 56;
    private static final int BOTTOM = 62;

    private SoakChart() {
    }

    /**
     * Draws the panels over {@code minutes} (the x value of each sample) and writes the PNG.
     *
     * @param subtitle   up to two lines under the title
     * @param trafficEnd minutes at which the traffic stopped (a dashed vertical line), or NaN for none
     */
    static void write(Path png, String title, List<String> subtitle, double[] minutes, double trafficEnd,
                      List<Panel> panels) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int height = TOP + panels.size() * PANEL_HEIGHT + (panels.size() - 1) * GAP + BOTTOM;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(title, LEFT, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.setColor(Color.DARK_GRAY);
            for (int i = 0; i < Math.min(2, subtitle.size()); i++) {
                g.drawString(fit(subtitle.get(i), g.getFontMetrics(), WIDTH - LEFT - RIGHT), LEFT, 52 + 18 * i);
            }

            double xMax = 0;
            for (double m : minutes) {
                xMax = Math.max(xMax, m);
            }
            xMax = xMax <= 0 ? 1 : xMax;
            for (int p = 0; p < panels.size(); p++) {
                int top = TOP + p * (PANEL_HEIGHT + GAP);
                boolean last = p == panels.size() - 1;
                drawPanel(g, panels.get(p), minutes, xMax, trafficEnd, top, last);
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    private static void drawPanel(Graphics2D g, Panel panel, double[] xs, double xMax, double trafficEnd, int top,
                                  boolean xTitle) {
        int left = LEFT;
        int right = WIDTH - RIGHT;
        int bottom = top + PANEL_HEIGHT;
        double yMax = 0;
        for (Series s : panel.series) {
            for (double v : s.values) {
                if (!Double.isNaN(v)) {
                    yMax = Math.max(yMax, v);
                }
            }
        }
        double yStep = niceStep(yMax <= 0 ? 1 : yMax, 5);
        double yTop = Math.max(yStep, Math.ceil(yMax * 1.08 / yStep) * yStep);
        double xStep = niceStep(xMax, 10);
        double xRight = Math.ceil(xMax / xStep) * xStep;

        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        g.setFont(small);
        g.setStroke(new BasicStroke(1f));
        FontMetrics fm = g.getFontMetrics();
        // grid and y ticks
        for (double y = 0; y <= yTop + yStep / 2; y += yStep) {
            int py = yPixel(y, yTop, top, bottom);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(left, py, right, py);
            g.setColor(Color.BLACK);
            g.drawLine(left - 5, py, left, py);
            String label = number(y, yStep);
            g.drawString(label, left - 8 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
        }
        // x ticks
        for (double x = 0; x <= xRight + xStep / 2; x += xStep) {
            int px = xPixel(x, xRight, left, right);
            g.setColor(new Color(0xf0f0f0));
            g.drawLine(px, top, px, bottom);
            g.setColor(Color.BLACK);
            g.drawLine(px, bottom, px, bottom + 5);
            String label = number(x, xStep);
            g.drawString(label, px - fm.stringWidth(label) / 2, bottom + 18);
        }
        // axes
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawLine(left, top, left, bottom);
        g.drawLine(left, bottom, right, bottom);
        // y title, rotated
        Font axisFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        g.setFont(axisFont);
        var saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        int titleWidth = g.getFontMetrics().stringWidth(panel.yTitle);
        g.drawString(panel.yTitle, -(top + bottom) / 2 - titleWidth / 2, 24);
        g.setTransform(saved);
        if (xTitle) {
            String t = "minutes since the traffic started";
            g.drawString(t, (left + right) / 2 - g.getFontMetrics().stringWidth(t) / 2, bottom + 40);
        }
        // where the traffic stopped
        if (!Double.isNaN(trafficEnd) && trafficEnd > 0 && trafficEnd <= xRight) {
            int px = xPixel(trafficEnd, xRight, left, right);
            Stroke stroke = g.getStroke();
            g.setColor(GREY);
            g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 5},
                    0));
            g.drawLine(px, top, px, bottom);
            g.setStroke(stroke);
            g.setFont(small);
            String t = "last request";
            g.drawString(t, px - g.getFontMetrics().stringWidth(t) - 4, top + 14);
        }
        // the lines
        g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (Series s : panel.series) {
            g.setColor(s.color);
            Path2D.Double path = new Path2D.Double();
            boolean pen = false;
            int points = 0;
            for (int i = 0; i < xs.length && i < s.values.length; i++) {
                double v = s.values[i];
                if (Double.isNaN(v)) {
                    pen = false;
                    continue;
                }
                double px = left + xs[i] / xRight * (right - left);
                double py = bottom - v / yTop * (bottom - top);
                if (pen) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    pen = true;
                }
                points++;
            }
            g.draw(path);
            if (points == 1) {
                g.fill(path.getBounds2D());
            }
        }
        // legend: a box in the upper left corner, each line with its last value
        g.setFont(small);
        fm = g.getFontMetrics();
        int rowHeight = fm.getHeight() + 2;
        int boxWidth = 0;
        String[] labels = new String[panel.series.size()];
        for (int i = 0; i < labels.length; i++) {
            Series s = panel.series.get(i);
            labels[i] = s.name + " (last " + number(lastValue(s.values), yStep / 10) + ")";
            boxWidth = Math.max(boxWidth, fm.stringWidth(labels[i]));
        }
        boxWidth += 46;
        int boxHeight = rowHeight * labels.length + 10;
        int bx = left + 12;
        int by = top + 10;
        g.setColor(new Color(255, 255, 255, 225));
        g.fillRect(bx, by, boxWidth, boxHeight);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(bx, by, boxWidth, boxHeight);
        for (int i = 0; i < labels.length; i++) {
            int ry = by + 5 + rowHeight * i + rowHeight / 2;
            g.setColor(panel.series.get(i).color);
            g.setStroke(new BasicStroke(3f));
            g.drawLine(bx + 8, ry, bx + 30, ry);
            g.setColor(Color.BLACK);
            g.drawString(labels[i], bx + 38, ry + fm.getAscent() / 2 - 1);
        }
    }

    /** The text, cut with an ellipsis where it would be wider than {@code width} pixels. */
    private static String fit(String text, FontMetrics fm, int width) {
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && fm.stringWidth(cut + "…") > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }

    private static double lastValue(double[] values) {
        for (int i = values.length - 1; i >= 0; i--) {
            if (!Double.isNaN(values[i])) {
                return values[i];
            }
        }
        return Double.NaN;
    }

    private static int yPixel(double y, double yTop, int top, int bottom) {
        return (int) Math.round(bottom - y / yTop * (bottom - top));
    }

    private static int xPixel(double x, double xRight, int left, int right) {
        return (int) Math.round(left + x / xRight * (right - left));
    }

    /** A round step (1, 2 or 5 times a power of ten) giving about {@code ticks} ticks over {@code range}. */
    static double niceStep(double range, int ticks) {
        double raw = range / ticks;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double norm = raw / magnitude;
        double nice = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
        return nice * magnitude;
    }

    /** A value with as many decimals as the step needs. */
    private static String number(double value, double step) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        int decimals = step >= 1 ? 0 : (int) Math.min(3, Math.ceil(-Math.log10(step)));
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }
}
