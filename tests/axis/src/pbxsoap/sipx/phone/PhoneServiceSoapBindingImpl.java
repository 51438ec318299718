package pbxsoap.sipx.phone;

import java.rmi.RemoteException;

import pbxsoap.axis.Cases;

/**
 * sipXconfig's PhoneService, implementing the port interface Axis's WSDL2Java
 * generates from wsdl/sipxconfig/phone.wsdl (tests/axis/Build.java), in
 * place of the empty class WSDL2Java emits under this name: every operation
 * answers from tests/php/cases/sipxconfig/phone.json, as the PHP peer does.
 */
public class PhoneServiceSoapBindingImpl implements PhoneService_PortType {
    private static final Cases CASES = Cases.of("sipxconfig/phone.json");

    public void addPhone(AddPhone addPhone) throws RemoteException {
        CASES.answer(Void.class, "addPhone", addPhone);
    }

    public FindPhoneResponse findPhone(FindPhone findPhone) throws RemoteException {
        return CASES.answer(FindPhoneResponse.class, "findPhone", findPhone);
    }

    public void managePhone(ManagePhone managePhone) throws RemoteException {
        CASES.answer(Void.class, "managePhone", managePhone);
    }
}
