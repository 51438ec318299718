package pbxsoap.sipx.callgroup;

import java.rmi.RemoteException;

import pbxsoap.axis.Cases;

/**
 * sipXconfig's CallGroupService, implementing the port interface Axis's WSDL2Java
 * generates from wsdl/sipxconfig/call_group.wsdl (tests/axis/Build.java), in
 * place of the empty class WSDL2Java emits under this name: every operation
 * answers from tests/php/cases/sipxconfig/call_group.json, as the PHP peer does.
 */
public class CallGroupServiceSoapBindingImpl implements CallGroupService_PortType {
    private static final Cases CASES = Cases.of("sipxconfig/call_group.json");

    public void addCallGroup(AddCallGroup addCallGroup) throws RemoteException {
        CASES.answer(Void.class, "addCallGroup", addCallGroup);
    }

    public GetCallGroupsResponse getCallGroups() throws RemoteException {
        return CASES.answer(GetCallGroupsResponse.class, "getCallGroups");
    }
}
