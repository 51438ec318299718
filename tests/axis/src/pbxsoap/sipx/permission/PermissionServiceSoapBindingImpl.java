package pbxsoap.sipx.permission;

import java.rmi.RemoteException;

import pbxsoap.axis.Cases;

/**
 * sipXconfig's PermissionService, implementing the port interface Axis's WSDL2Java
 * generates from wsdl/sipxconfig/permission.wsdl (tests/axis/Build.java), in
 * place of the empty class WSDL2Java emits under this name: every operation
 * answers from tests/php/cases/sipxconfig/permission.json, as the PHP peer does.
 */
public class PermissionServiceSoapBindingImpl implements PermissionService_PortType {
    private static final Cases CASES = Cases.of("sipxconfig/permission.json");

    public void addPermission(AddPermission addPermission) throws RemoteException {
        CASES.answer(Void.class, "addPermission", addPermission);
    }

    public FindPermissionResponse findPermission(FindPermission findPermission) throws RemoteException {
        return CASES.answer(FindPermissionResponse.class, "findPermission", findPermission);
    }

    public void managePermission(ManagePermission managePermission) throws RemoteException {
        CASES.answer(Void.class, "managePermission", managePermission);
    }
}
