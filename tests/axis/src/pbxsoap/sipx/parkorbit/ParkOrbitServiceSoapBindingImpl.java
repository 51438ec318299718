package pbxsoap.sipx.parkorbit;

import java.rmi.RemoteException;

import pbxsoap.axis.Cases;

/**
 * sipXconfig's ParkOrbitService, implementing the port interface Axis's WSDL2Java
 * generates from wsdl/sipxconfig/park_orbit.wsdl (tests/axis/Build.java), in
 * place of the empty class WSDL2Java emits under this name: every operation
 * answers from tests/php/cases/sipxconfig/park_orbit.json, as the PHP peer does.
 */
public class ParkOrbitServiceSoapBindingImpl implements ParkOrbitService_PortType {
    private static final Cases CASES = Cases.of("sipxconfig/park_orbit.json");

    public void addParkOrbit(AddParkOrbit addParkOrbit) throws RemoteException {
        CASES.answer(Void.class, "addParkOrbit", addParkOrbit);
    }

    public GetParkOrbitsResponse getParkOrbits() throws RemoteException {
        return CASES.answer(GetParkOrbitsResponse.class, "getParkOrbits");
    }
}
