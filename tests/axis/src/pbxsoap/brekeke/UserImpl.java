package pbxsoap.brekeke;

import java.rmi.RemoteException;

import pbxsoap.axis.Cases;

/**
 * Brekeke PBX's web service as a Java class deployed on Axis (brekeke.wsdd):
 * callControl as the vendor documents it, the user-property methods with
 * the signatures wsdl/brekeke/userimpl.wsdl infers for them. Compiled
 * without debug information, as the vendor's classes are, so Axis names the
 * parameters in0, in1, ... in the WSDL it generates. Every method answers
 * from tests/php/cases/brekeke.json (pbxsoap.axis.Cases), which checks the
 * arguments it received. The methods declare only RemoteException,
 * which Axis leaves out of the WSDL it generates (another declared exception
 * would add a fault message to it).
 */
public class UserImpl {
    private static Cases cases() {
        return Cases.of("brekeke.json");
    }

    public String callControl(String user, String caller, String[] callees, String type) throws RemoteException {
        return cases().answer(String.class, "callControl", user, caller, callees, type);
    }

    public String[] getUserPropertyNames() throws RemoteException {
        return cases().answer(String[].class, "getUserPropertyNames");
    }

    public String[] getUserProperties(String user, String[] names) throws RemoteException {
        return cases().answer(String[].class, "getUserProperties", user, names);
    }

    public void setUserProperties(String user, String[] names, String[] values) throws RemoteException {
        cases().answer(Void.class, "setUserProperties", user, names, values);
    }

    public String getUserProperty(String user, String name) throws RemoteException {
        return cases().answer(String.class, "getUserProperty", user, name);
    }

    public void setUserProperty(String user, String name, String value) throws RemoteException {
        cases().answer(Void.class, "setUserProperty", user, name, value);
    }

    public boolean createUser(String user, String password) throws RemoteException {
        return cases().answer(Boolean.class, "createUser", user, password);
    }

    public boolean createUser(String user) throws RemoteException {
        return cases().answer(Boolean.class, "createUser", user);
    }

    public boolean deleteUser(String user) throws RemoteException {
        return cases().answer(Boolean.class, "deleteUser", user);
    }
}
