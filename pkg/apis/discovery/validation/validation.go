// Package validation checks discovery.k8s.io/v1 EndpointSlices the way kube-apiserver does, with the
// same field paths, error types and messages.
package validation

import (
	"fmt"

	discoveryv1 "k8s.io/api/discovery/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	netutils "k8s.io/utils/net"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

const (
	maxTopologyLabels = 16
	maxAddresses      = 100
	maxPorts          = 20000
	maxEndpoints      = 1000
	maxZoneHints      = 8
	maxNodeHints      = 8
)

var supportedAddressTypes = sets.New(discoveryv1.AddressTypeIPv4, discoveryv1.AddressTypeIPv6, discoveryv1.AddressTypeFQDN)

// ValidateEndpointSlice checks a new EndpointSlice.
func ValidateEndpointSlice(slice *discoveryv1.EndpointSlice) field.ErrorList {
	allErrs := apimachineryvalidation.ValidateObjectMeta(&slice.ObjectMeta, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	allErrs = append(allErrs, validateAddressType(slice.AddressType)...)
	allErrs = append(allErrs, validateEndpoints(slice.Endpoints, slice.AddressType, field.NewPath("endpoints"))...)
	return append(allErrs, validatePorts(slice.Ports, field.NewPath("ports"))...)
}

// ValidateEndpointSliceUpdate checks an update of an EndpointSlice: its address type is immutable.
func ValidateEndpointSliceUpdate(slice, oldSlice *discoveryv1.EndpointSlice) field.ErrorList {
	allErrs := apimachineryvalidation.ValidateObjectMetaUpdate(&slice.ObjectMeta, &oldSlice.ObjectMeta, field.NewPath("metadata"))
	allErrs = append(allErrs, ValidateEndpointSlice(slice)...)
	return append(allErrs, apimachineryvalidation.ValidateImmutableField(slice.AddressType, oldSlice.AddressType, field.NewPath("addressType"))...)
}

func validateAddressType(addressType discoveryv1.AddressType) field.ErrorList {
	path := field.NewPath("addressType")
	switch {
	case addressType == "":
		return field.ErrorList{field.Required(path, "")}
	case !supportedAddressTypes.Has(addressType):
		return field.ErrorList{field.NotSupported(path, addressType, sets.List(supportedAddressTypes))}
	}
	return nil
}

func validateEndpoints(endpoints []discoveryv1.Endpoint, addressType discoveryv1.AddressType, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if len(endpoints) > maxEndpoints {
		allErrs = append(allErrs, field.TooMany(fldPath, len(endpoints), maxEndpoints))
	}
	for i, endpoint := range endpoints {
		idxPath := fldPath.Index(i)
		addressPath := idxPath.Child("addresses")
		if len(endpoint.Addresses) == 0 {
			allErrs = append(allErrs, field.Required(addressPath, "must contain at least 1 address"))
		} else if len(endpoint.Addresses) > maxAddresses {
			allErrs = append(allErrs, field.TooMany(addressPath, len(endpoint.Addresses), maxAddresses))
		}
		for j, address := range endpoint.Addresses {
			allErrs = append(allErrs, validateAddress(address, addressType, addressPath.Index(j))...)
		}
		if endpoint.NodeName != nil {
			allErrs = append(allErrs, corevalidation.ValidateNameWith(apimachineryvalidation.NameIsDNSSubdomain, *endpoint.NodeName, idxPath.Child("nodeName"))...)
		}
		topologyPath := idxPath.Child("deprecatedTopology")
		if len(endpoint.DeprecatedTopology) > maxTopologyLabels {
			allErrs = append(allErrs, field.TooMany(topologyPath, len(endpoint.DeprecatedTopology), maxTopologyLabels))
		}
		allErrs = append(allErrs, metav1validation.ValidateLabels(endpoint.DeprecatedTopology, topologyPath)...)
		if endpoint.Hostname != nil {
			allErrs = append(allErrs, corevalidation.ValidateDNS1123Label(*endpoint.Hostname, idxPath.Child("hostname"))...)
		}
		if endpoint.Hints != nil {
			allErrs = append(allErrs, validateHints(endpoint.Hints, idxPath.Child("hints"))...)
		}
	}
	return allErrs
}

// validateAddress checks an address against the slice's type; unknown types were already reported.
func validateAddress(address string, addressType discoveryv1.AddressType, path *field.Path) field.ErrorList {
	switch addressType {
	case discoveryv1.AddressTypeIPv4, discoveryv1.AddressTypeIPv6:
		if errs := validation.IsValidIP(path, address); len(errs) > 0 {
			return errs
		}
		if netutils.IsIPv6String(address) != (addressType == discoveryv1.AddressTypeIPv6) {
			return field.ErrorList{field.Invalid(path, address, fmt.Sprintf("must be a valid %s address", addressType))}
		}
		return corevalidation.ValidateNonSpecialIP(address, path)
	case discoveryv1.AddressTypeFQDN:
		return validation.IsFullyQualifiedDomainName(path, address)
	}
	return nil
}

func validatePorts(ports []discoveryv1.EndpointPort, fldPath *field.Path) field.ErrorList {
	if len(ports) > maxPorts {
		return field.ErrorList{field.TooMany(fldPath, len(ports), maxPorts)}
	}
	var allErrs field.ErrorList
	names := sets.New[string]()
	for i, port := range ports {
		idxPath := fldPath.Index(i)
		name := ""
		if port.Name != nil {
			name = *port.Name
		}
		if name != "" {
			allErrs = append(allErrs, corevalidation.ValidateDNS1123Label(name, idxPath.Child("name"))...)
		}
		if names.Has(name) {
			allErrs = append(allErrs, field.Duplicate(idxPath.Child("name"), name))
		}
		names.Insert(name)
		if port.Protocol == nil {
			allErrs = append(allErrs, field.Required(idxPath.Child("protocol"), ""))
		} else {
			allErrs = append(allErrs, corevalidation.ValidatePortProtocol(*port.Protocol, idxPath.Child("protocol"))...)
		}
		if port.AppProtocol != nil {
			allErrs = append(allErrs, corevalidation.ValidateQualifiedName(*port.AppProtocol, idxPath.Child("appProtocol"))...)
		}
	}
	return allErrs
}

func validateHints(hints *discoveryv1.EndpointHints, fldPath *field.Path) field.ErrorList {
	zones := make([]string, len(hints.ForZones))
	for i, zone := range hints.ForZones {
		zones[i] = zone.Name
	}
	allErrs := validateHintNames(zones, maxZoneHints, validation.IsValidLabelValue, fldPath.Child("forZones"))
	// Too many zone hints stops the check before the node hints, as upstream does.
	if len(zones) > maxZoneHints {
		return allErrs
	}
	nodes := make([]string, len(hints.ForNodes))
	for i, node := range hints.ForNodes {
		nodes[i] = node.Name
	}
	return append(allErrs, validateHintNames(nodes, maxNodeHints, nodeNameErrors, fldPath.Child("forNodes"))...)
}

func nodeNameErrors(name string) []string {
	return apimachineryvalidation.NameIsDNSSubdomain(name, false)
}

// validateHintNames checks one list of zone or node hints: at most maxHints, each name once and valid.
func validateHintNames(names []string, maxHints int, nameErrors func(string) []string, listPath *field.Path) field.ErrorList {
	if len(names) > maxHints {
		return field.ErrorList{field.TooMany(listPath, len(names), maxHints)}
	}
	var allErrs field.ErrorList
	seen := sets.New[string]()
	for i, name := range names {
		namePath := listPath.Index(i).Child("name")
		if seen.Has(name) {
			allErrs = append(allErrs, field.Duplicate(namePath, name))
		}
		seen.Insert(name)
		for _, msg := range nameErrors(name) {
			allErrs = append(allErrs, field.Invalid(namePath, name, msg))
		}
	}
	return allErrs
}
