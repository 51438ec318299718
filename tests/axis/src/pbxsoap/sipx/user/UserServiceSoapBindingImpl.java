package pbxsoap.sipx.user;

import java.rmi.RemoteException;

import pbxsoap.axis.Cases;

/**
 * sipXconfig's UserService, implementing the port interface Axis's WSDL2Java
 * generates from wsdl/sipxconfig/user.wsdl (tests/axis/Build.java), in
 * place of the empty class WSDL2Java emits under this name: every operation
 * answers from tests/php/cases/sipxconfig/user.json, as the PHP peer does.
 */
public class UserServiceSoapBindingImpl implements UserService_PortType {
    private static final Cases CASES = Cases.of("sipxconfig/user.json");

    public void addUser(AddUser addUser) throws RemoteException {
        CASES.answer(Void.class, "addUser", addUser);
    }

    public FindUserResponse findUser(FindUser findUser) throws RemoteException {
        return CASES.answer(FindUserResponse.class, "findUser", findUser);
    }

    public void manageUser(ManageUser manageUser) throws RemoteException {
        CASES.answer(Void.class, "manageUser", manageUser);
    }
}
