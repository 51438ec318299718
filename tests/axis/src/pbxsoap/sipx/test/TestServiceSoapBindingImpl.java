package pbxsoap.sipx.test;

import java.rmi.RemoteException;

import pbxsoap.axis.Cases;

/**
 * sipXconfig's TestService, implementing the port interface Axis's WSDL2Java
 * generates from wsdl/sipxconfig/test.wsdl (tests/axis/Build.java), in
 * place of the empty class WSDL2Java emits under this name: every operation
 * answers from tests/php/cases/sipxconfig/test.json, as the PHP peer does.
 */
public class TestServiceSoapBindingImpl implements TestService_PortType {
    private static final Cases CASES = Cases.of("sipxconfig/test.json");

    public void resetServices(ResetServices resetServices) throws RemoteException {
        CASES.answer(Void.class, "resetServices", resetServices);
    }
}
