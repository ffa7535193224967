package org.censpec.codegen.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import org.stringtemplate.v4.Interpreter;
import org.stringtemplate.v4.ModelAdaptor;
import org.stringtemplate.v4.ST;
import org.stringtemplate.v4.misc.STNoSuchPropertyException;

/**
 * Lets templates read record components ({@code <a.name>} calls {@code a.name()});
 * ST 4.3.4 itself only knows getters and public fields. An unknown component is an
 * error, never an empty string.
 */
final class RecordModelAdaptor implements ModelAdaptor<Record> {

    @Override
    public Object getProperty(Interpreter interp, ST self, Record model, Object property, String propertyName)
            throws STNoSuchPropertyException {
        for (RecordComponent c : model.getClass().getRecordComponents()) {
            if (c.getName().equals(propertyName)) {
                try {
                    return c.getAccessor().invoke(model);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new STNoSuchPropertyException(e, model, propertyName);
                }
            }
        }
        throw new STNoSuchPropertyException(null, model, propertyName);
    }
}
