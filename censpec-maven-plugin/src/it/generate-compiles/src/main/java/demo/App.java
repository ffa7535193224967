package demo;

import org.censpec.bindings.rpi4_camera.Device;

/** Uses the bindings the plugin generated at build time. */
public final class App {
    private App() {
    }

    public static void main(String[] args) {
        for (Device d : Device.values()) {
            System.out.println(d);
        }
    }
}
