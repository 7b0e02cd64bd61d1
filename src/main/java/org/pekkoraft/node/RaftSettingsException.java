package org.pekkoraft.node;

/** A setting is missing or invalid; the message names the setting and what is wrong with it. */
public final class RaftSettingsException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public RaftSettingsException(String message) {
    super(message);
  }

  public RaftSettingsException(String message, Throwable cause) {
    super(message, cause);
  }
}
