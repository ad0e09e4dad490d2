package io.cvlan.operator;

/** Labels and annotations the operator puts on what it creates. */
public final class Labels {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "cvlan-operator";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String CVLAN = "cvlan.io/cvlan";
  public static final String REGISTRATION_TOKEN = "cvlan.io/registration-token";

  private Labels() {}
}
