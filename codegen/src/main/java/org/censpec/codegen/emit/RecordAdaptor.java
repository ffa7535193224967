package org.censpec.codegen.emit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import org.stringtemplate.v4.Interpreter;
import org.stringtemplate.v4.ModelAdaptor;
import org.stringtemplate.v4.ST;
import org.stringtemplate.v4.misc.STNoSuchPropertyException;

/**
 * Lets templates read view-model records: {@code <v.name>} calls the record's
 * {@code name()} accessor. ST4 itself only knows getters and public fields.
 */
public final class RecordAdaptor implements ModelAdaptor<Record> {
    @Override
    public Object getProperty(Interpreter interp, ST self, Record model, Object property, String propertyName) {
        for (RecordComponent c : model.getClass().getRecordComponents()) {
            if (c.getName().equals(propertyName)) {
                try {
                    return c.getAccessor().invoke(model);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new STNoSuchPropertyException(e, model, propertyName);
                }
            }
        }
        try {
            return model.getClass().getMethod(propertyName).invoke(model);
        } catch (ReflectiveOperationException e) {
            throw new STNoSuchPropertyException(e, model, propertyName);
        }
    }
}
