package org.pekkoraft.server;

/** Checks of "host:port" endpoints, shared by the settings and by membership requests. */
public final class Endpoints {

  private Endpoints() {}

  /** Why {@code endpoint} is not of the form host:port with a port in 1-65535, naming it {@code name}; else null. */
  public static String problem(String name, String endpoint) {
    if (endpoint == null) {
      return name + " is missing";
    }
    int colon = endpoint.lastIndexOf(':');
    if (colon <= 0 || colon == endpoint.length() - 1) {
      return name + " '" + endpoint + "' is not of the form host:port";
    }
    try {
      int port = Integer.parseInt(endpoint.substring(colon + 1));
      if (port < 1 || port > 65535) {
        return name + " '" + endpoint + "' has port " + port + " outside 1-65535";
      }
    } catch (NumberFormatException e) {
      return name + " '" + endpoint + "' has a port that is not a number";
    }
    return null;
  }
}
